/**
 * One CRM session shared by every worker of a deployment. Without it each process refreshes on its own:
 * four workers whose token expires together send four refresh requests, and with rotating refresh tokens
 * all but the first use a token the CRM has just retired. A `SharedSession` makes them take turns: the
 * session one worker minted is read by the others, and a new one is minted by one worker at a time.
 */
import { z } from 'zod';

export const SessionRecord = z.object({
  accessToken: z.string().min(1),
  /** The refresh token the session was minted with, or the rotated one the answer named. */
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms; absent where the CRM does not say (Salesforce sessions live until refused). */
  expiresAt: z.number().optional(),
  instanceUrl: z.string().optional(),
  identityUrl: z.string().optional(),
});
export type SessionRecord = z.infer<typeof SessionRecord>;

export interface SharedSession {
  /**
   * A session every worker may use: the stored one when `usable(it)`, otherwise the one `mint(stored)`
   * makes while this worker holds the lock all workers share. The minted session, with any rotated refresh
   * token, is stored before the lock is released, so a worker waiting for the lock reads it instead of
   * minting again with a retired token.
   */
  obtain(
    usable: (stored: SessionRecord) => boolean,
    mint: (stored: SessionRecord | undefined) => Promise<SessionRecord>,
  ): Promise<SessionRecord>;
}
