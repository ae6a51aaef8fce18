/**
 * Batches of ≤ 100 (https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide,
 * "Limits"), never all-or-nothing: when HubSpot rejects a whole batch for one bad input (400/404/409), the
 * batch is split in halves until the bad records stand alone and fail on their own. Auth, rate-limit and
 * transient errors that survived the retry layer are thrown: writes are planned diffs, so the queue's
 * retry re-plans only what is still different.
 */
import type { WriteOutcome } from '../../src/domain/write.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { errorFields, existingOf } from './batch-outcomes.ts';

export const BATCH_SIZE = 100;

/** `first`: a batch as planned; `split`: a part of a refused batch, sent to find the refused records. */
export type SendAttempt = 'first' | 'split';

type Send<T> = (chunk: readonly T[], attempt: SendAttempt) => Promise<WriteOutcome[]>;

export async function writeInBatches<T extends { readonly key: string }>(
  items: readonly T[],
  send: Send<T>,
): Promise<WriteOutcome[]> {
  const out: WriteOutcome[] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    out.push(...(await sendSplitting(items.slice(i, i + BATCH_SIZE), send, 'first')));
  }
  return out;
}

async function sendSplitting<T extends { readonly key: string }>(
  chunk: readonly T[],
  send: Send<T>,
  attempt: SendAttempt,
): Promise<WriteOutcome[]> {
  try {
    return await send(chunk, attempt);
  } catch (err) {
    if (!(err instanceof SyncError) || (err.kind !== 'config' && err.kind !== 'record')) throw err;
    if (chunk.length === 1) {
      const only = chunk[0] as T;
      // A whole-call 409 names the contact that holds the email: the outcome carries it (batch-outcomes.ts).
      const existing =
        err.code === 'HUBSPOT_CONFLICT'
          ? existingOf({ category: 'CONFLICT', message: err.message })
          : undefined;
      // A whole-call 404 for one input: the object is gone only when HubSpot says so (a wrong path is not).
      const gone = err.code === 'HUBSPOT_NOT_FOUND' && err.context['category'] === 'OBJECT_NOT_FOUND';
      return [
        {
          ok: false,
          key: only.key,
          failure: {
            kind: 'record',
            retryable: false,
            code: err.code,
            message: err.message,
            fields: fieldsOf(err),
          },
          ...(existing ? { existing } : {}),
          ...(gone ? { gone: true } : {}),
        },
      ];
    }
    const half = Math.ceil(chunk.length / 2);
    return [
      ...(await sendSplitting(chunk.slice(0, half), send, 'split')),
      ...(await sendSplitting(chunk.slice(half), send, 'split')),
    ];
  }
}

/** Property names in a refusal's message: `Property "x"` wording, or the JSON list HubSpot embeds. */
function fieldsOf(err: SyncError): string[] {
  const names = new Set(errorFields({ message: err.message }));
  for (const match of err.message.matchAll(/[Pp]roperty \\?"([^"\\]+)\\?"/g))
    if (match[1]) names.add(match[1]);
  return [...names];
}
