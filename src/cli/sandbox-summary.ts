/** The readable summary `leadloop sandbox` prints when not in `--json` mode: where, credentials, counts. */
import type { SandboxDataset } from '../../connectors/sandbox/dataset.ts';
import type { SandboxConnections } from '../../connectors/sandbox/sandbox-config.ts';

const n = (value: number): string => value.toLocaleString('en-US');

export interface SummaryContext {
  readonly readyMs: number;
  readonly data?: string;
  readonly seed: number;
  readonly export?: string;
  readonly writeConfig?: string;
  readonly tier?: string;
  /** The portal's subscription tier (Events v3 only at enterprise). */
  readonly subscription?: string;
}

function counts(dataset: SandboxDataset): string[] {
  let hubspot = 0;
  let leads = 0;
  let converted = 0;
  let contacts = 0;
  for (const p of dataset.people) {
    if (p.hubspot) hubspot += 1;
    if (p.salesforceLead) leads += 1;
    if (p.salesforceLead?.isConverted) converted += 1;
    if (p.salesforceContact) contacts += 1;
  }
  const hsActivities = dataset.activities.filter((a) => a.crm === 'hubspot').length;
  const status = (s: string): number => dataset.opportunities.filter((o) => o.status === s).length;
  return [
    `  people         ${n(dataset.people.length)}: ${n(hubspot)} HubSpot contacts, ${n(leads)} Salesforce Leads ` +
      `(${n(converted)} converted), ${n(contacts)} Salesforce Contacts`,
    `  activities     ${n(dataset.activities.length)}: ${n(hsActivities)} in HubSpot, ` +
      `${n(dataset.activities.length - hsActivities)} in Salesforce`,
    `  opportunities  ${n(dataset.opportunities.length)}: ${n(status('open'))} open, ${n(status('won'))} won, ` +
      `${n(status('lost'))} lost`,
    `  companies      ${n(dataset.companies.length)}; users ${n(dataset.users.length)}`,
  ];
}

export function formatSandboxSummary(
  dataset: SandboxDataset,
  connections: SandboxConnections,
  context: SummaryContext,
): string {
  const { hubspot, salesforce } = connections;
  const source = context.data ? `loaded from ${context.data}` : `generated with seed ${context.seed}`;
  const lines = [
    `leadloop sandbox ready in ${(context.readyMs / 1000).toFixed(1)} s (data ${source}, now ${dataset.generatedAt})`,
    '',
    `HubSpot        ${hubspot.baseUrl}${context.tier ? `   (limits on: ${context.tier} tier)` : ''}`,
    ...(context.subscription
      ? [
          `  subscription   ${context.subscription}${context.subscription === 'enterprise' ? '' : ' (Events v3 answers 403: no page views or custom events)'}`,
        ]
      : []),
    `  access token   ${hubspot.accessToken}`,
    ...(hubspot.clientSecret ? [`  client secret  ${hubspot.clientSecret}  (webhook signatures)`] : []),
    `Salesforce     login ${salesforce.loginUrl}   instance ${salesforce.instanceUrl}   API v${salesforce.apiVersion.replace(/^v/, '')}`,
    `  client id      ${salesforce.clientId}`,
    `  client secret  ${salesforce.clientSecret}`,
    `  username       ${salesforce.username}`,
    `  refresh token  ${salesforce.refreshToken}`,
    '  private key    (JWT bearer flow) printed by --json, written by --write-config',
    '',
    'Data',
    ...counts(dataset),
    '',
    ...(context.export ? [`Dataset written to ${context.export} (reload it with --data).`] : []),
    ...(context.writeConfig
      ? [`Config written to ${context.writeConfig}: leadloop config validate ${context.writeConfig}`]
      : []),
    'Serving until SIGTERM or Ctrl+C.',
    '',
  ];
  return lines.join('\n');
}
