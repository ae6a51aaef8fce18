/**
 * A CRM's clock, learnt from the `Date` header of its answers (RFC 9110 §6.6.1). A run's signpost comes
 * from the host clock; mapped into the CRM's time it can be compared with the CRM's modification stamps,
 * so a host clock minutes ahead does not move a cursor past records the CRM has yet to write, and one
 * minutes behind does not leave the latest changes out until the host catches up. Times the CRM checks
 * against its own clock (a JWT assertion's `exp`) are made in its time too.
 *
 * `Date` has whole seconds, so one answer only bounds the offset: the server's time when it answered lies
 * in [Date, Date + 1 s), sometime between sending and receiving. Answers narrow the interval. Clocks the
 * header cannot tell apart (zero inside it) are left alone; a real skew is corrected by the interval's low
 * end, which puts a cutoff at or before the server's time, never after it.
 *
 * The host clock can also be stepped (an NTP correction, a resumed VM) between two answers, and a run maps
 * its signpost before its own first answer. The offset is therefore kept against a clock that only counts
 * elapsed time: what the host clock moved beyond it since the last answer is a step, taken off the offset
 * at once. Otherwise a host corrected from minutes behind would map its next signpost minutes past the
 * CRM's time, and the cursor taken there would skip every change stamped in between.
 */
/** Smaller differences between the two host clocks are noise (and below the header's resolution). */
const STEP_MS = 1000;

/**
 * The clock a `ServerClock` tells steps by: the given one, else `performance.now` when the wall clock is
 * the real one; a test's injected wall clock without one is taken as never stepped.
 */
export function elapsedClock(
  injectedWall: (() => Date) | undefined,
  elapsed: (() => number) | undefined,
): (() => number) | undefined {
  return elapsed ?? (injectedWall ? undefined : () => performance.now());
}

export class ServerClock {
  private lo = Number.NEGATIVE_INFINITY;
  private hi = Number.POSITIVE_INFINITY;
  private readonly local: () => number;
  private readonly elapsed: () => number;
  /** Both host clocks as the interval was last updated. */
  private anchor: { local: number; elapsed: number } | undefined;

  /**
   * `local` must be the clock the run's signposts come from; `elapsed` one that is never stepped
   * (`performance.now`). Without it no step is seen: a test's injected clock is both.
   */
  constructor(local: () => number, elapsed: () => number = local) {
    this.local = local;
    this.elapsed = elapsed;
  }

  localNow(): number {
    return this.local();
  }

  /** Call as an answer arrives, with the local time its request was sent. */
  observe(dateHeader: string | null, sentMs: number): void {
    if (dateHeader === null) return;
    const serverMs = Date.parse(dateHeader);
    if (!Number.isFinite(serverMs)) return;
    const step = this.stepMs();
    this.lo -= step;
    this.hi -= step;
    this.anchor = { local: this.local(), elapsed: this.elapsed() };
    const lo = serverMs - this.local();
    const hi = serverMs + 1000 - sentMs;
    // Intervals that no longer meet mean a clock moved: start again from this answer.
    if (Math.max(this.lo, lo) > Math.min(this.hi, hi)) {
      this.lo = lo;
      this.hi = hi;
    } else {
      this.lo = Math.max(this.lo, lo);
      this.hi = Math.min(this.hi, hi);
    }
  }

  /** The server's time minus the local clock, in ms: 0 until an answer says otherwise. */
  offsetMs(): number {
    const step = this.stepMs();
    const [lo, hi] = [this.lo - step, this.hi - step];
    return lo <= 0 && hi >= 0 ? 0 : lo;
  }

  /** How far the host clock moved beyond the elapsed time since the interval was last updated. */
  private stepMs(): number {
    if (!this.anchor) return 0;
    const step = this.local() - this.anchor.local - (this.elapsed() - this.anchor.elapsed);
    return Math.abs(step) < STEP_MS ? 0 : step;
  }

  /** A local time in the server's time. */
  toServer(local: Date): Date {
    return new Date(local.getTime() + this.offsetMs());
  }
}
