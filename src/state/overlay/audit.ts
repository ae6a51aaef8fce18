import { epochMs } from '../state-codec.ts';
import type { AuditPort } from '../types.ts';
import type { OverlayView } from './view.ts';

export function overlayAudit(v: OverlayView): AuditPort {
  return {
    appendAudit(entries) {
      return v.top.appendAudit(entries);
    },
    /** Base and overlay entries merged; at equal `at` the overlay's come first (they were appended last). */
    async listAudit(options) {
      const [top, base] = await Promise.all([v.top.listAudit(options), v.base.listAudit(options)]);
      // Both lists are in order already and the sort is stable, so ties keep overlay-before-base.
      return [...top, ...base]
        .sort((a, b) => epochMs(b.at) - epochMs(a.at))
        .slice(0, Math.max(0, options.limit));
    },
    /** Drops the overlay's own entries only; the base history stays as it is (see overlay-store.ts). */
    pruneAudit(before) {
      return v.top.pruneAudit(before);
    },
  };
}
