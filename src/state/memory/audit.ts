import { epochMs } from '../state-codec.ts';
import type { AuditPort } from '../types.ts';
import type { AuditTable } from './tables.ts';

export function memoryAudit(audit: AuditTable): AuditPort {
  return {
    async appendAudit(entries) {
      const parsed = entries.map((entry) => ({ at: epochMs(entry.at), entry }));
      for (const p of parsed) audit.entries.push({ seq: ++audit.seq, ...p });
    },
    async listAudit(options) {
      if (options.limit <= 0) return [];
      return audit.entries
        .filter((e) => options.personId === undefined || e.entry.personId === options.personId)
        .sort((a, b) => b.at - a.at || b.seq - a.seq)
        .slice(0, options.limit)
        .map((e) => e.entry);
    },
    async pruneAudit(before) {
      const cutoff = before.getTime();
      const keep = audit.entries.filter((e) => e.at >= cutoff);
      const removed = audit.entries.length - keep.length;
      audit.entries = keep;
      return removed;
    },
  };
}
