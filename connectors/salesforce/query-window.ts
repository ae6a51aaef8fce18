/**
 * SystemModstamp windows for a keyset pull that met `QUERY_TIMEOUT`. Salesforce stops a query whose scan
 * runs too long ("Your query request was running for too long"); resending it meets the same scan, so the
 * pull narrows instead: the window over which it timed out is halved, down to one second, and the
 * narrower size is kept for the stream. A window that held no row proves its scan was cheap and doubles
 * the next one, so a sparse stretch of history costs a few calls rather than one per narrow window; so do
 * `WIDEN_AFTER_WINDOWS` windows read through in a row, so a size narrowed once (and remembered into later
 * runs with the cursor) grows back when the org's load or data no longer needs it.
 * Windows only bound a query from above: each query starts at the last row read, so none is skipped.
 * Pure: the pulls (windowed-pages.ts, stream-reader.ts) do the I/O.
 */
import { SyncError } from '../../src/lib/errors.ts';

/** Stamps have whole seconds: a window narrower than one second holds nothing a wider one would not. */
export const NARROWEST_WINDOW_MS = 1000;

/**
 * Timeouts one pull absorbs before it stops. Halving from 2^40 ms (35 years) reaches one second in 40
 * steps; the rest leaves room for widened windows that meet dense data again.
 */
export const MAX_TIMEOUTS_PER_PULL = 64;

/** Where the next window ends: `size` past what is already covered (no size: the whole rest), at most the signpost. */
export function windowEnd(coveredMs: number, signpostMs: number, sizeMs: number | undefined): number {
  return sizeMs === undefined ? signpostMs : Math.min(signpostMs, coveredMs + sizeMs);
}

/** The size after `(coveredMs, endMs]` timed out: half of it in whole seconds, or null if it was the narrowest. */
export function narrowedSize(coveredMs: number, endMs: number): number | null {
  const span = endMs - coveredMs;
  if (span <= NARROWEST_WINDOW_MS) return null;
  return Math.max(NARROWEST_WINDOW_MS, Math.ceil(span / 2 / 1000) * 1000);
}

/** The size after a window that held no row: doubled (`windowEnd` still stops at the signpost). */
export function widenedSize(sizeMs: number): number {
  return sizeMs * 2;
}

/**
 * Windows read through in a row before the size doubles again. At the edge of what the org can scan, one
 * query in `WIDEN_AFTER_WINDOWS + 1` times out and halves back, rather than every other one.
 */
export const WIDEN_AFTER_WINDOWS = 4;

/** A narrowest window that times out is sent again this often (load, not volume, may be the cause). */
export const NARROWEST_RETRIES = 2;

/** Where one keyset pull stands in its windows. */
export interface WindowState {
  /** Everything at or below this stamp has been read (null: no window yet, one query over the whole range). */
  readonly coveredMs: number | null;
  /** The window size once the pull has timed out; undefined before. */
  readonly sizeMs: number | undefined;
  readonly timeouts: number;
  readonly narrowestRetries: number;
  /** Windows read through since the size last changed. */
  readonly readThrough: number;
}

export function initialWindow(coveredMs: number | null, sizeMs?: number): WindowState {
  return { coveredMs, sizeMs, timeouts: 0, narrowestRetries: 0, readThrough: 0 };
}

export type TimeoutStep =
  { readonly state: WindowState } | { readonly exhausted: { readonly timeouts: number } };

/**
 * After the window `(coveredMs, endMs]` timed out on its first page: the same window again (the narrowest,
 * a few times), a narrower one, or exhausted. `coveredMs` is known by now (a full pull looks up its oldest stamp).
 */
export function afterTimeout(state: WindowState, coveredMs: number, endMs: number): TimeoutStep {
  const timeouts = state.timeouts + 1;
  const narrowed = narrowedSize(coveredMs, endMs);
  if (narrowed === null && state.narrowestRetries < NARROWEST_RETRIES)
    return { state: { ...state, coveredMs, timeouts, narrowestRetries: state.narrowestRetries + 1 } };
  if (narrowed === null || timeouts > MAX_TIMEOUTS_PER_PULL) return { exhausted: { timeouts } };
  return { state: { ...state, coveredMs, sizeMs: narrowed, timeouts, readThrough: 0 } };
}

/** After the window ending at `endMs` was read through (`rows` in it): the next window, or null at the signpost. */
export function afterWindow(
  state: WindowState,
  endMs: number,
  signpostMs: number,
  rows: number,
): WindowState | null {
  if (endMs >= signpostMs) return null;
  return { ...state, ...grown(state, rows), coveredMs: endMs, narrowestRetries: 0 };
}

/** The size after a window read through with `rows` in it: doubled when it was empty or the last of a run of them. */
function grown(state: WindowState, rows: number): Pick<WindowState, 'sizeMs' | 'readThrough'> {
  if (state.sizeMs === undefined) return { sizeMs: undefined, readThrough: 0 };
  const readThrough = state.readThrough + 1;
  if (rows === 0 || readThrough >= WIDEN_AFTER_WINDOWS)
    return { sizeMs: widenedSize(state.sizeMs), readThrough: 0 };
  return { sizeMs: state.sizeMs, readThrough };
}

/**
 * The size a stream's next run starts with, after its last window (`rows` in it) reached the signpost:
 * undefined if it never timed out (one query over the whole range again), else the size this run ended
 * on, one step wider by the rule between windows.
 */
export function rememberedSize(state: WindowState, rows: number): number | undefined {
  return grown(state, rows).sizeMs;
}

/** The stop when even the narrowest window of `object` times out: transient, naming the stream and the window. */
export function windowTimeoutError(
  object: string,
  coveredMs: number,
  endMs: number,
  timeouts: number,
  cause: unknown,
): SyncError {
  const window = { from: new Date(coveredMs).toISOString(), to: new Date(endMs).toISOString() };
  return new SyncError(
    'transient',
    'QUERY_TIMEOUT',
    `Salesforce ${object} query timed out over ${window.from} .. ${window.to} after ${timeouts} narrower ` +
      'tries: the org cannot scan even this window in time; the next run resumes from the last cursor',
    { object, ...window, timeouts },
    { cause },
  );
}
