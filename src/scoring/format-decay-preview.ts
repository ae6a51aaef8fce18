/** Renders a decay preview as JSON, or as a table of people per engagement level at each horizon. */
import type { DecayPreview } from './decay-preview.ts';
import { Level } from './schema.ts';

const share = (n: number, of: number): string => (of === 0 ? '-' : `${((n / of) * 100).toFixed(1)}%`);

export function formatDecayPreview(preview: DecayPreview, format: 'text' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(preview, null, 2)}\n`;
  const cell = (n: number): string => `${String(n).padStart(6)} ${share(n, preview.people).padStart(6)}`;
  const lines = [
    `Decay preview of ${preview.people} people under ${preview.modelVersion}: engagement levels with no new behaviour`,
    '',
    `  ${'after'.padEnd(8)}${Level.options.map((l) => `level ${l}`.padStart(14)).join('')}${'MQL'.padStart(8)}${'level down'.padStart(12)}`,
  ];
  for (const h of preview.horizons) {
    lines.push(
      `  ${(h.days === 0 ? 'today' : `${h.days} days`).padEnd(8)}` +
        Level.options.map((l) => cell(h.levels[l]).padStart(14)).join('') +
        `${String(h.mql).padStart(8)}${String(h.droppedLevel).padStart(12)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
