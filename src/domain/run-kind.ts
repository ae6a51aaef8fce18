/**
 * What a sync run does, whoever starts it (CLI, schedule, worker, admin API): `incremental` pulls what
 * changed since each cursor, `full` pulls everything (the weekly reconcile), `rescore` re-scores everyone
 * (decay, a model change) without waiting for CRM changes.
 */
import { z } from 'zod';

export const RunKind = z.enum(['incremental', 'full', 'rescore']);
export type RunKind = z.infer<typeof RunKind>;
