/**
 * Items kept in (time, sequence) order with cursor paging in either direction: the storage behind the
 * Events v3 and legacy Email Events endpoints. Appends are O(1) when time moves forward.
 */

export interface Timed {
  ms: number;
  seq: number;
}

export class TimeSeries<T extends Timed> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Bulk load; sorts once. */
  load(items: T[]): void {
    this.items = items.sort(compare);
  }

  add(item: T): void {
    const last = this.items[this.items.length - 1];
    if (!last || compare(last, item) <= 0) this.items.push(item);
    else this.items.splice(this.lowerBound(item.ms, item.seq), 0, item);
  }

  /**
   * Up to `limit` items with `fromMs <= ms <= toMs` passing `keep`, ascending or descending, starting
   * strictly after the cursor item; `more` says whether another matching item follows.
   */
  page(
    fromMs: number,
    toMs: number,
    descending: boolean,
    cursor: Timed | undefined,
    limit: number,
    keep: (item: T) => boolean,
  ): { items: T[]; more: boolean } {
    const out: T[] = [];
    const step = descending ? -1 : 1;
    let i: number;
    let end: number;
    if (descending) {
      i = this.lowerBound(toMs, Number.MAX_SAFE_INTEGER) - 1;
      if (cursor) i = Math.min(i, this.lowerBound(cursor.ms, cursor.seq) - 1);
      end = this.lowerBound(fromMs, Number.MIN_SAFE_INTEGER) - 1;
    } else {
      i = this.lowerBound(fromMs, Number.MIN_SAFE_INTEGER);
      if (cursor) i = Math.max(i, this.lowerBound(cursor.ms, cursor.seq + 1));
      end = this.lowerBound(toMs, Number.MAX_SAFE_INTEGER);
    }
    for (; i !== end; i += step) {
      const item = this.items[i];
      if (!item || !keep(item)) continue;
      if (out.length === limit) return { items: out, more: true };
      out.push(item);
    }
    return { items: out, more: false };
  }

  private lowerBound(ms: number, seq: number): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = this.items[mid];
      if (item && (item.ms < ms || (item.ms === ms && item.seq < seq))) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compare(a: Timed, b: Timed): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/** Opaque paging token for a position: base64url of `ms:seq`. */
export function encodeCursor(item: Timed): string {
  return Buffer.from(`${item.ms}:${item.seq}`).toString('base64url');
}

export function decodeCursor(token: string | undefined): Timed | undefined {
  if (!token) return undefined;
  const match = /^(-?\d+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) return undefined;
  return { ms: Number(match[1]), seq: Number(match[2]) };
}
