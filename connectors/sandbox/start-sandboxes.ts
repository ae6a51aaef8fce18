/**
 * Starts both sandbox CRMs on one dataset, in-process (tests, the demo) or behind `leadloop sandbox`,
 * and hands back what a leadloop config needs to reach them. If the second server fails to start, the
 * first is closed again, so a failed start never leaves a port open.
 */
import type { HubSpotTier } from '../../src/config/connections.ts';
import { HubSpotSubscription, hubSpotTierLimits, startHubSpotSandbox } from '../hubspot/sandbox/index.ts';
import { startSalesforceSandbox } from '../salesforce/sandbox/index.ts';
import type { SandboxDataset } from './dataset.ts';
import type { SandboxConnections } from './sandbox-config.ts';

export type HubSpotSandboxOptions = Parameters<typeof startHubSpotSandbox>[0];
export type SalesforceSandboxOptions = Parameters<typeof startSalesforceSandbox>[0];
export type RunningHubSpotSandbox = Awaited<ReturnType<typeof startHubSpotSandbox>>;
export type RunningSalesforceSandbox = Awaited<ReturnType<typeof startSalesforceSandbox>>;

export { HubSpotSubscription } from '../hubspot/sandbox/index.ts';
export { EXAMPLE_CONFIG_PATH, writeSandboxConfig, type SandboxConnections } from './sandbox-config.ts';

export interface StartSandboxesOptions {
  readonly dataset: SandboxDataset;
  readonly hubspot?: Partial<Omit<HubSpotSandboxOptions, 'dataset'>>;
  readonly salesforce?: Partial<Omit<SalesforceSandboxOptions, 'dataset'>>;
  /**
   * Turns HubSpot's real limits on at this tier's values (unless `hubspot.limits` is given), and makes a
   * subscription tier (free … enterprise) the portal's subscription (unless `hubspot.subscription` is given).
   */
  readonly hubspotTier?: HubSpotTier;
}

export interface RunningSandboxes {
  readonly hubspot: RunningHubSpotSandbox;
  readonly salesforce: RunningSalesforceSandbox;
  readonly connections: SandboxConnections;
  /** Closes both servers; safe to call more than once. */
  close(): Promise<void>;
}

export async function startSandboxes(options: StartSandboxesOptions): Promise<RunningSandboxes> {
  const { dataset, hubspotTier } = options;
  const hubspotOptions: HubSpotSandboxOptions = { ...options.hubspot, dataset };
  if (hubspotTier && hubspotOptions.limits === undefined)
    hubspotOptions.limits = hubSpotTierLimits(hubspotTier);
  const subscription = HubSpotSubscription.safeParse(hubspotTier);
  if (subscription.success && hubspotOptions.subscription === undefined)
    hubspotOptions.subscription = subscription.data;
  const hubspot = await startHubSpotSandbox(hubspotOptions);
  let salesforce: RunningSalesforceSandbox;
  try {
    salesforce = await startSalesforceSandbox({ ...options.salesforce, dataset });
  } catch (err) {
    await hubspot.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    hubspot,
    salesforce,
    connections: {
      hubspot: {
        baseUrl: hubspot.baseUrl,
        accessToken: hubspot.accessToken,
        clientSecret: hubspot.clientSecret,
      },
      salesforce: {
        loginUrl: salesforce.loginUrl,
        instanceUrl: salesforce.instanceUrl,
        apiVersion: salesforce.apiVersion,
        clientId: salesforce.clientId,
        clientSecret: salesforce.clientSecret,
        username: salesforce.username,
        refreshToken: salesforce.refreshToken,
        privateKeyPem: salesforce.privateKeyPem,
      },
    },
    close: () => {
      closing ??= Promise.all([hubspot.close(), salesforce.close()]).then(() => undefined);
      return closing;
    },
  };
}

/** The one-line `--json` form: exactly the keys scripts rely on, nothing more. */
export function connectionsJson(connections: SandboxConnections): string {
  const { hubspot, salesforce } = connections;
  return JSON.stringify({
    hubspot: { baseUrl: hubspot.baseUrl, accessToken: hubspot.accessToken },
    salesforce: {
      loginUrl: salesforce.loginUrl,
      instanceUrl: salesforce.instanceUrl,
      apiVersion: salesforce.apiVersion,
      clientId: salesforce.clientId,
      clientSecret: salesforce.clientSecret,
      username: salesforce.username,
      refreshToken: salesforce.refreshToken,
      privateKeyPem: salesforce.privateKeyPem,
    },
  });
}
