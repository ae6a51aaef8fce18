import { refKey } from '../../domain/person-link.ts';
import type { SnapshotPort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlaySnapshots(v: OverlayView): SnapshotPort {
  return {
    async getSnapshots(refs) {
      const out = await v.top.getSnapshots(refs);
      const rest = refs.filter((r) => !out.has(refKey(r)) && !v.deletedSnapshots.has(refKey(r)));
      if (rest.length === 0) return out;
      for (const [key, s] of await v.base.getSnapshots(rest)) out.set(key, s);
      return out;
    },
    async putSnapshots(snapshots) {
      for (const s of snapshots) v.deletedSnapshots.delete(refKey(s));
      await v.top.putSnapshots(snapshots);
    },
    async deleteSnapshots(refs) {
      for (const r of refs) v.deletedSnapshots.add(refKey(r));
      await v.top.deleteSnapshots(refs);
    },
  };
}
