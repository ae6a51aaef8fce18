/**
 * Access and refresh tokens the sandbox org has issued. Access tokens expire after a TTL measured on
 * the sandbox clock (then the API answers 401 INVALID_SESSION_ID); with rotation, using a refresh token
 * invalidates it and hands out a new one.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
 */
import { randomBytes } from 'node:crypto';

export class TokenRegistry {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Set<string>();
  private readonly clock: () => Date;
  private readonly ttlMs: number | null;
  private readonly orgId15: string;

  constructor(clock: () => Date, ttlSeconds: number | null, orgId15: string) {
    this.clock = clock;
    this.ttlMs = ttlSeconds === null ? null : ttlSeconds * 1000;
    this.orgId15 = orgId15;
  }

  /** Salesforce access tokens look like `<org id>!<opaque>`. */
  issueAccess(): string {
    const token = `${this.orgId15}!AR${randomBytes(36).toString('base64url')}`;
    this.access.set(token, this.clock().getTime());
    return token;
  }

  isValidAccess(token: string): boolean {
    const issued = this.access.get(token);
    if (issued === undefined) return false;
    if (this.ttlMs !== null && this.clock().getTime() - issued >= this.ttlMs) {
      this.access.delete(token);
      return false;
    }
    return true;
  }

  /** Invalidates every access token (simulates a session timeout or revoked sessions). */
  expireAllAccess(): void {
    this.access.clear();
  }

  issueRefresh(): string {
    const token = `5Aep861${randomBytes(60).toString('base64url')}`;
    this.refresh.add(token);
    return token;
  }

  isValidRefresh(token: string): boolean {
    return this.refresh.has(token);
  }

  revokeRefresh(token: string): void {
    this.refresh.delete(token);
  }
}
