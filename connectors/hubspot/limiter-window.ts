/**
 * The limiter's shared state, behind a port: the rolling windows of calls sent, and the pauses every
 * sender honours after a 429 or a header saying the window is spent. HubSpot counts the 10-second window
 * per app and the daily quota per account, whichever process sends
 * (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines), so every worker of
 * one app must draw from one window: in-process here, Redis-backed in `redis-limiter-window.ts`.
 */

export type WindowBucket = 'standard' | 'search';

export type PauseScope = 'window' | 'daily';

export interface WindowSlot {
  /** 0: the call was counted and may go now; otherwise wait this long and ask again. */
  readonly waitMs: number;
  /** The counted call, to move to its answer's time once it is answered (`answered`). */
  readonly ticket?: string;
  /** > 0 while a daily pause (a DAILY 429 seen by any sender) lasts. */
  readonly dailyPausedMs: number;
}

export interface LimiterWindow {
  /** Counts one call in `bucket` when fewer than `max` went out in the last `intervalMs`. */
  take(bucket: WindowBucket, nowMs: number, max: number, intervalMs: number): Promise<WindowSlot>;
  /**
   * The call behind `ticket` was answered at `nowMs`: it counts from then. HubSpot counted it somewhere
   * between send and answer, so counting from the answer never frees its slot before HubSpot does, however
   * long the call queued (other workers, a slow edge).
   */
  answered(bucket: WindowBucket, ticket: string, nowMs: number): Promise<void>;
  /** Nothing goes out (`window`), or everything fails fast (`daily`), until `untilMs`. */
  pause(scope: PauseScope, untilMs: number): Promise<void>;
  /**
   * HubSpot counts `used` calls in its window: when ours holds fewer (another integration of the app,
   * or a worker outside this limiter), count the difference as sent now, so the model agrees.
   */
  atLeast(bucket: WindowBucket, used: number, nowMs: number, intervalMs: number): Promise<void>;
}

/** One process's window: enough for one worker, or several connectors in one process sharing it. */
export class InProcessWindow implements LimiterWindow {
  /** Send times by ticket; a Map keeps insertion order, and answers only move entries later. */
  private readonly sent: Record<WindowBucket, Map<string, number>> = {
    standard: new Map(),
    search: new Map(),
  };
  private sequence = 0;
  private readonly pausedUntil: Record<PauseScope, number> = { window: 0, daily: 0 };

  take(bucket: WindowBucket, nowMs: number, max: number, intervalMs: number): Promise<WindowSlot> {
    return Promise.resolve(this.takeNow(bucket, nowMs, max, intervalMs));
  }

  pause(scope: PauseScope, untilMs: number): Promise<void> {
    this.pausedUntil[scope] = Math.max(this.pausedUntil[scope], untilMs);
    return Promise.resolve();
  }

  answered(bucket: WindowBucket, ticket: string, nowMs: number): Promise<void> {
    const stamps = this.sent[bucket];
    if (stamps.has(ticket)) {
      stamps.delete(ticket);
      stamps.set(ticket, nowMs);
    }
    return Promise.resolve();
  }

  atLeast(bucket: WindowBucket, used: number, nowMs: number, intervalMs: number): Promise<void> {
    const stamps = this.prune(bucket, nowMs, intervalMs);
    for (let i = stamps.size; i < used; i++) stamps.set(this.nextTicket(), nowMs);
    return Promise.resolve();
  }

  private takeNow(bucket: WindowBucket, nowMs: number, max: number, intervalMs: number): WindowSlot {
    const dailyPausedMs = Math.max(0, this.pausedUntil.daily - nowMs);
    if (dailyPausedMs > 0) return { waitMs: 0, dailyPausedMs };
    if (this.pausedUntil.window > nowMs) return { waitMs: this.pausedUntil.window - nowMs, dailyPausedMs };
    const stamps = this.prune(bucket, nowMs, intervalMs);
    if (stamps.size < max) {
      const ticket = this.nextTicket();
      stamps.set(ticket, nowMs);
      return { waitMs: 0, ticket, dailyPausedMs };
    }
    return { waitMs: oldest(stamps, nowMs) + intervalMs - nowMs + 1, dailyPausedMs };
  }

  private prune(bucket: WindowBucket, nowMs: number, intervalMs: number): Map<string, number> {
    const stamps = this.sent[bucket];
    for (const [ticket, at] of stamps) if (at <= nowMs - intervalMs) stamps.delete(ticket);
    return stamps;
  }

  private nextTicket(): string {
    this.sequence += 1;
    return String(this.sequence);
  }
}

function oldest(stamps: Map<string, number>, fallback: number): number {
  let min = fallback;
  for (const at of stamps.values()) if (at < min) min = at;
  return min;
}
