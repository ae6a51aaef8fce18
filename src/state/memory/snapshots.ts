import { refKey } from '../../domain/person-link.ts';
import type { RecordSnapshot, SnapshotPort } from '../types.ts';

export function memorySnapshots(snapshots: Map<string, RecordSnapshot>): SnapshotPort {
  return {
    async getSnapshots(refs) {
      const out = new Map<string, RecordSnapshot>();
      for (const ref of refs) {
        const s = snapshots.get(refKey(ref));
        if (s) out.set(refKey(ref), s);
      }
      return out;
    },
    async putSnapshots(given) {
      for (const s of given) snapshots.set(refKey(s), s);
    },
    async deleteSnapshots(refs) {
      for (const ref of refs) snapshots.delete(refKey(ref));
    },
  };
}
