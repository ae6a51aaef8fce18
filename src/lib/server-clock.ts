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
 */
export class ServerClock {
  private lo = Number.NEGATIVE_INFINITY;
  private hi = Number.POSITIVE_INFINITY;
  private readonly local: () => number;

  /** `local` must be the clock the run's signposts come from. */
  constructor(local: () => number) {
    this.local = local;
  }

  localNow(): number {
    return this.local();
  }

  /** Call as an answer arrives, with the local time its request was sent. */
  observe(dateHeader: string | null, sentMs: number): void {
    if (dateHeader === null) return;
    const serverMs = Date.parse(dateHeader);
    if (!Number.isFinite(serverMs)) return;
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
    return this.lo <= 0 && this.hi >= 0 ? 0 : this.lo;
  }

  /** A local time in the server's time. */
  toServer(local: Date): Date {
    return new Date(local.getTime() + this.offsetMs());
  }
}
