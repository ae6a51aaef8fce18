/**
 * The engine's phases with their API calls recorded in the run summary (call-meter.ts): every phase that
 * calls a CRM adds the calls its process made to the stored run, so a BullMQ run (pull on one worker,
 * chunks on several, commit on another) records the same `apiCalls.*` figures as an in-process run.
 * A run's last phase (commit, or the whole targeted run) also records the daily quota as last reported.
 * A phase stopped by a CRM's daily limit records the stop for the status surfaces (health/daily-limit.ts)
 * and logs it once with the time calls resume.
 */
import type { SyncPhases } from '../queue/types.ts';
import { dailyLimitStopOf, formatDailyLimitStop, recordDailyLimitStop } from '../health/daily-limit.ts';
import { callMeterFor, quotaCounters } from './call-meter.ts';
import { CRMS, type SyncContext } from './context.ts';
import type { CounterValues } from './run-counters.ts';
import { addCounters, updateRunSummary } from './run-stats.ts';

type Ctx = Pick<SyncContext, 'connectors' | 'store' | 'logger'>;

export function meterPhaseCalls<P extends SyncPhases>(ctx: Ctx, phases: P): P {
  const meter = callMeterFor(ctx.connectors);

  // Figures are informative: a summary that cannot be updated is logged, never fails the phase.
  const record = async (runId: string, calls: CounterValues, last: boolean): Promise<void> => {
    try {
      await addCounters(ctx, runId, calls);
      if (!last) return;
      // The quota is a level, not a count: the latest report replaces any earlier one.
      const quota = quotaCounters(CRMS.map((crm) => ctx.connectors[crm].usage()));
      if (Object.keys(quota).length > 0)
        await updateRunSummary(ctx, runId, (run) => run && { ...run, stats: { ...run.stats, ...quota } });
    } catch (err) {
      ctx.logger.warn({ err, runId }, 'API call counts not recorded in the run summary');
    }
  };

  const noteDailyLimit = async (runId: string, err: unknown): Promise<void> => {
    // Wall time, as the connectors' quota windows and `retryAfterMs` are (the engine's clock may be frozen).
    const stop = dailyLimitStopOf(err, new Date());
    if (stop === undefined) return;
    try {
      if (await recordDailyLimitStop(ctx.store, stop))
        ctx.logger.error(
          { runId, crm: stop.crm, code: stop.code, resumesAt: stop.resumesAt },
          formatDailyLimitStop(stop),
        );
    } catch (recordErr) {
      ctx.logger.warn({ err: recordErr, runId }, 'daily limit stop not recorded for the status surfaces');
    }
  };

  const metered = async <T>(runId: string, last: boolean, work: () => Promise<T>): Promise<T> => {
    meter.begin();
    try {
      return await work();
    } catch (err) {
      await noteDailyLimit(runId, err);
      throw err;
    } finally {
      await record(runId, meter.end(), last);
    }
  };

  const pull: SyncPhases['pull'] = (input) => metered(input.runId, false, () => phases.pull(input));
  const processChunk: SyncPhases['processChunk'] = (input) =>
    metered(input.runId, false, () => phases.processChunk(input));
  const commit: SyncPhases['commit'] = (input) => metered(input.runId, true, () => phases.commit(input));
  const syncRecords: SyncPhases['syncRecords'] = (input) =>
    metered(input.runId, true, () => phases.syncRecords(input));
  return { ...phases, pull, processChunk, commit, syncRecords };
}
