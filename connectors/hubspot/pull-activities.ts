/**
 * Behaviour since a cursor, as streams read one after another: Events API per behaviour event type,
 * legacy email events per type, and sales engagements per object type. Each stream keeps its own
 * high-water mark in the cursor and re-reads `searchLookbackSeconds` of overlap; the engine's ledger
 * dedupes on `sourceId`, and the engagement search drops its own overlap. The cursor never passes the
 * signpost. A cursor that names an unknown stream starts that stream from the beginning.
 */
import { z } from 'zod';
import type { Activity } from '../../src/domain/activity.ts';
import type { Page } from '../../src/domain/person.ts';
import type { PullOptions } from '../types.ts';
import type { HubSpotApi } from './api.ts';
import { decodeCursor, encodeCursor, SearchWindow } from './cursor.ts';
import { EMAIL_EVENT_TYPES, readEmailEventsPage, type CampaignNames } from './read-email-events.ts';
import { ENGAGEMENT_TYPES, readEngagementsStep, type EngagementType } from './read-engagements.ts';
import { readEventsPage } from './read-events.ts';
import { isForbidden } from './events-access.ts';
import { readSubmissionsPage, type HubSpotForm } from './read-form-submissions.ts';
import type { SyncError } from '../../src/lib/errors.ts';
import { PagingTrail } from './paging-trail.ts';
import { nextWindow } from './search-window.ts';

const StreamState = z.object({
  lo: z.number(),
  hi: z.number(),
  after: z.string().optional(),
  window: SearchWindow.optional(),
});
type StreamState = z.infer<typeof StreamState>;

export const ActivitiesCursor = z.object({
  v: z.literal(1),
  /** Per stream: everything up to `hi` is read; `seen` feeds the next engagement window's dedupe. */
  done: z.record(z.string(), z.object({ hi: z.number(), seen: z.array(z.string()).default([]) })),
  current: z.object({ stream: z.string(), state: StreamState }).optional(),
});
type ActivitiesCursor = z.infer<typeof ActivitiesCursor>;

const MAX_PAGES_PER_STREAM = 1_000_000;

export interface PullActivitiesDeps {
  readonly api: HubSpotApi;
  readonly lookbackMs: number;
  readonly campaigns: CampaignNames;
  /** Behaviour event types of the portal (cached by the connector); none on a portal without Events. */
  readonly eventTypes: () => Promise<string[]>;
  /** Events answered 403 mid-pull: the stream ends empty and is reported unavailable, the run goes on. */
  readonly onEventsRefused?: (err: SyncError) => void;
  /** Forms to read through the Forms API: the portal's forms when it has no Events, else none. */
  readonly forms?: () => Promise<HubSpotForm[]>;
}

export function streamNames(eventTypes: readonly string[], forms: readonly HubSpotForm[] = []): string[] {
  return [
    ...eventTypes.map((t) => `event:${t}`),
    ...forms.map((f) => `form:${f.id}`),
    ...EMAIL_EVENT_TYPES.map((t) => `email:${t}`),
    ...ENGAGEMENT_TYPES.map((t) => `engagement:${t}`),
  ];
}

interface Step {
  readonly items: Activity[];
  readonly next: StreamState;
  readonly done: boolean;
}

async function step(
  deps: PullActivitiesDeps,
  stream: string,
  state: StreamState,
  forms: readonly HubSpotForm[],
): Promise<Step> {
  const [source, name = ''] = stream.split(/:(.*)/s);
  if (source === 'form') {
    const form = forms.find((f) => f.id === name) ?? { id: name, name };
    const r = await readSubmissionsPage(deps.api, form, state.lo, state.hi, state.after);
    return {
      items: r.items,
      next: { ...state, ...(r.after ? { after: r.after } : {}) },
      done: r.after === undefined,
    };
  }
  if (source === 'event') {
    const r = await readEventsPage(deps.api, name, state.lo, state.hi, state.after).catch((err: unknown) => {
      if (!isForbidden(err) || !deps.onEventsRefused) throw err;
      deps.onEventsRefused(err);
      return { items: [], after: undefined };
    });
    return {
      items: r.items,
      next: { ...state, ...(r.after ? { after: r.after } : {}) },
      done: r.after === undefined,
    };
  }
  if (source === 'email') {
    const r = await readEmailEventsPage(deps.api, deps.campaigns, name, state.lo, state.hi, state.after);
    return {
      items: r.items,
      next: { ...state, ...(r.offset ? { after: r.offset } : {}) },
      done: r.offset === undefined,
    };
  }
  const window = state.window ?? { lo: state.lo, hi: state.hi, seen: [], prevSeen: [] };
  const r = await readEngagementsStep(deps.api, name as EngagementType, window, deps.lookbackMs);
  return { items: r.items, next: { ...state, window: r.window }, done: r.done };
}

export async function* pullActivities(
  deps: PullActivitiesDeps,
  cursor: string | null,
  options: PullOptions,
): AsyncGenerator<Page<Activity>> {
  const signpost = options.signpost.getTime();
  const decoded = options.full === true ? null : decodeCursor(ActivitiesCursor, cursor);
  const eventTypes = await deps.eventTypes();
  const forms = (await deps.forms?.()) ?? [];
  const streams = streamNames(eventTypes, forms);
  const since = options.full === true ? undefined : options.since?.getTime();
  // `sync --since` ignores the cursor: every stream starts at `since`.
  let state: ActivitiesCursor =
    since !== undefined
      ? { v: 1, done: Object.fromEntries(streams.map((s) => [s, { hi: since, seen: [] }])) }
      : (decoded ?? { v: 1, done: {} });
  let yielded = false;
  for (const stream of streams) {
    let current =
      state.current?.stream === stream
        ? state.current.state
        : startOf(state, stream, signpost, deps.lookbackMs);
    if (current === null) continue;
    // Events and email events page by token; engagement windows by keyset (checked in search-window.ts).
    const trail = new PagingTrail(stream, current.after);
    for (let page = 0; page < MAX_PAGES_PER_STREAM; page++) {
      const r = await step(deps, stream, current, forms);
      if (!r.done) trail.next(r.next.after);
      current = r.next;
      if (r.done) {
        const seen = r.next.window?.seen ?? [];
        state = { v: 1, done: { ...state.done, [stream]: { hi: current.hi, seen } } };
      } else {
        state = { ...state, current: { stream, state: current } };
      }
      yield { items: r.items, cursor: encodeCursor(state) };
      yielded = true;
      if (r.done) break;
    }
  }
  if (!yielded) yield { items: [], cursor: encodeCursor(state) };
}

/** A fresh pass over one stream, or null when it is already read up to the signpost. */
function startOf(
  state: ActivitiesCursor,
  stream: string,
  signpost: number,
  lookbackMs: number,
): StreamState | null {
  const done = state.done[stream];
  if (done && done.hi >= signpost) return null;
  const lo = done ? Math.max(0, done.hi - lookbackMs) : 0;
  if (!stream.startsWith('engagement:')) return { lo, hi: signpost };
  const window = done
    ? nextWindow(done.hi, signpost, lookbackMs, done.seen)
    : { lo: 0, hi: signpost, seen: [], prevSeen: [] };
  return { lo, hi: signpost, window };
}
