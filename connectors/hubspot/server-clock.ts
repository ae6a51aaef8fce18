/**
 * HubSpot's clock, learnt from the `Date` header of its answers (RFC 9110 §6.6.1). A run's signpost comes
 * from the host clock; mapped into HubSpot's time it can be compared with `lastmodifieddate` and event
 * timestamps, so a host clock minutes ahead of HubSpot's does not move a cursor past records HubSpot has
 * yet to write (behind, it would only re-read).
 *
 * `Date` has whole seconds, so one answer only bounds the offset: HubSpot's time when it answered lies in
 * [Date, Date + 1 s), sometime between sending and receiving. Answers narrow the interval. Clocks the
 * header cannot tell apart (zero inside it) are left alone; a real skew is corrected by the interval's low
 * end, which puts a cutoff at or before HubSpot's time, never after it.
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

  /** HubSpot's time minus the local clock, in ms: 0 until an answer says otherwise. */
  offsetMs(): number {
    return this.lo <= 0 && this.hi >= 0 ? 0 : this.lo;
  }

  /** A signpost in HubSpot's time. */
  toServer(local: Date): Date {
    return new Date(local.getTime() + this.offsetMs());
  }
}
