/**
 * Every secret value a loaded config holds, for the log scrubber's by-value registry
 * (src/lib/secret-registry.ts): CRM tokens and client secrets, the Salesforce private key, the admin
 * token, and passwords inside Redis URLs. Kept next to the composition root, which registers them.
 */
import type { LeadloopConfig } from '../config/schema.ts';

/** The password in `redis://user:pass@host`, as written and decoded; nothing for a URL without one. */
function urlPasswords(url: string | undefined): string[] {
  if (url === undefined || !URL.canParse(url)) return [];
  const { password } = new URL(url);
  if (password === '') return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}

export function configSecrets(config: LeadloopConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const hubspot = config.connections.hubspot;
  const auth = config.connections.salesforce.auth;
  const salesforce = auth.type === 'jwt' ? [auth.privateKey] : [auth.refreshToken, auth.clientSecret];
  return [
    hubspot.accessToken,
    hubspot.webhookClientSecret,
    hubspot.oauth?.clientSecret,
    hubspot.oauth?.refreshToken,
    ...salesforce,
    config.http.adminToken,
    // A webhook URL (Slack's) is its own credential.
    config.stages.sla?.notifyUrl,
    ...(config.stages.slaRules ?? []).map((r) => r.sla.notifyUrl),
    ...urlPasswords(config.state.type === 'redis' ? config.state.url : undefined),
    // Workers and `serve` take the queue's Redis from the environment.
    ...urlPasswords(env['REDIS_URL']),
  ].filter((value): value is string => typeof value === 'string' && value !== '');
}
