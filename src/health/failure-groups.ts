/**
 * Write failures grouped the way an admin fixes them: by CRM, object, error code and whether the next run
 * retries them, with how many records and the CRM's own message. Pure.
 */
import type { WriteFailureEntry } from '../state/types.ts';

export interface FailureGroup {
  readonly key: string;
  readonly crm: WriteFailureEntry['crm'];
  readonly object: WriteFailureEntry['object'];
  readonly code: string;
  readonly permanent: boolean;
  readonly count: number;
  /** The newest failure's message (CRMs word one code the same way for every record). */
  readonly message: string;
  readonly lastAt: string;
  readonly failures: readonly WriteFailureEntry[];
}

/** The record a failure is about, as an admin reads it: a create names the record it was made from. */
export function failureSubject(f: Pick<WriteFailureEntry, 'crm' | 'object' | 'source' | 'recordId'>): string {
  if (f.source === 'write') return f.recordId;
  if (f.source === 'pull') return `${f.recordId} (rejected when read)`;
  if (f.source === 'mapping') return `${f.recordId} (mapped value not sent)`;
  const created =
    f.crm === 'hubspot' ? 'HubSpot contact' : `Salesforce ${f.object === 'lead' ? 'Lead' : 'Contact'}`;
  const from = f.crm === 'hubspot' ? 'Salesforce record' : 'HubSpot contact';
  return `new ${created} from ${from} ${f.recordId}`;
}

export const failureGroupKey = (
  f: Pick<WriteFailureEntry, 'crm' | 'object' | 'code' | 'permanent'>,
): string => `${f.crm}:${f.object}:${f.code}:${f.permanent ? 'permanent' : 'retryable'}`;

/** Largest group first; inside a group, newest failure first (the store's order). */
export function groupFailures(failures: readonly WriteFailureEntry[]): FailureGroup[] {
  const groups = new Map<string, WriteFailureEntry[]>();
  for (const f of failures) {
    const key = failureGroupKey(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups]
    .map(([key, list]) => {
      const first = list[0] as WriteFailureEntry;
      return {
        key,
        crm: first.crm,
        object: first.object,
        code: first.code,
        permanent: first.permanent,
        count: list.length,
        message: first.message,
        lastAt: first.at,
        failures: list,
      };
    })
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
