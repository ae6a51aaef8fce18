/**
 * A further scoring model's new version rescores everyone, as the primary's does (pull.ts): its fields
 * would otherwise keep the old model's scores until each person changes or the nightly rescore.
 */
import { z } from 'zod';
import { furtherModelVersions } from '../scoring/models-schema.ts';
import { defineMeta } from '../state/meta.ts';
import type { SyncContext } from './context.ts';

const furtherVersionsMeta = defineMeta('further-model-versions', z.string());

export interface VersionChange {
  readonly changed: boolean;
  /** Remember the versions; call it once everyone is marked for rescoring, so a crash in between rescores again. */
  commit(): Promise<void>;
}

export async function furtherModelsChange(
  ctx: Pick<SyncContext, 'config' | 'store'>,
): Promise<VersionChange> {
  const current = furtherModelVersions(ctx.config.scoring);
  // Nothing stored reads as no further models: a one-model install never rescores for this.
  const stored = (await furtherVersionsMeta.read(ctx.store)) ?? '';
  return {
    changed: stored !== current,
    commit: () => furtherVersionsMeta.write(ctx.store, current),
  };
}
