/**
 * The overview's API usage chart (pure): per CRM, one bar per day for the calls leadloop made, and a line
 * for the daily quota left as recorded (its own scale, 0 to the quota's size). A table under it holds the
 * same figures for screen readers and for reading exact numbers.
 */
import type { UsageDay } from '../health/api-usage-days.ts';
import { escapeHtml } from './render-admin-page.ts';

const WIDTH = 600;
/** Bars stand on y = BASE; the day labels sit under it. */
const BASE = 120;
const HEIGHT = 140;
const TOP = 12;

const fmt = (n: number): string => n.toLocaleString('en-US');

export function usageChartSvg(id: string, crm: string, days: readonly UsageDay[]): string {
  const step = days.length === 0 ? 0 : WIDTH / days.length;
  const bar = Math.max(2, Math.floor(step) - 4);
  const maxCalls = Math.max(1, ...days.map((d) => d.calls));
  const maxQuota = Math.max(1, ...days.map((d) => d.quotaLimit ?? d.quotaLeft ?? 0));
  const plot = BASE - TOP;
  const bars = days
    .map((d, i) => {
      const h = d.calls === 0 ? 0 : Math.max(2, Math.round((d.calls / maxCalls) * plot));
      const title = `${d.day}: ${fmt(d.calls)} API calls in ${d.runs} runs${d.quotaLeft === null ? '' : `, ${fmt(d.quotaLeft)} of the daily quota left`}`;
      return `<rect class="day" data-day="${d.day}" data-calls="${d.calls}" x="${Math.round(i * step + 2)}" y="${BASE - h}" width="${bar}" height="${h}" rx="2"><title>${escapeHtml(title)}</title></rect><text class="axis" x="${Math.round(i * step + step / 2)}" y="${HEIGHT - 4}">${d.day.slice(5)}</text>`;
    })
    .join('');
  const points = days.flatMap((d, i) =>
    d.quotaLeft === null
      ? []
      : [`${Math.round(i * step + step / 2)},${Math.round(BASE - (d.quotaLeft / maxQuota) * plot)}`],
  );
  const line =
    points.length === 0
      ? ''
      : `<polyline class="quota-left" points="${points.join(' ')}" fill="none"/>${points
          .map((p) => {
            const [x, y] = p.split(',');
            return `<circle class="quota-left" cx="${x}" cy="${y}" r="3"/>`;
          })
          .join('')}`;
  const label = `${crm}: API calls per day over the last ${days.length} days (bars)${points.length === 0 ? '; no quota recorded' : ', and the daily quota left (line)'}`;
  return `<svg id="${id}" class="usage-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}"><line class="base" x1="0" y1="${BASE}" x2="${WIDTH}" y2="${BASE}"/>${bars}${line}</svg>`;
}

export function usageTable(id: string, crm: string, days: readonly UsageDay[]): string {
  const rows = [...days]
    .reverse()
    .map(
      (d) =>
        `<tr data-day="${d.day}"><td>${d.day}</td><td class="num">${d.runs}</td><td class="num">${fmt(d.calls)}</td><td class="num">${d.quotaLeft === null ? '–' : fmt(d.quotaLeft)}</td><td class="num">${d.quotaLimit === null ? '–' : fmt(d.quotaLimit)}</td></tr>`,
    )
    .join('');
  return `<details><summary>${escapeHtml(crm)}: the figures</summary><div class="table-scroll"><table id="${id}"><caption>${escapeHtml(crm)} API usage per day (UTC), newest first</caption>
<thead><tr><th scope="col">Day</th><th scope="col" class="num">Runs</th><th scope="col" class="num">API calls</th><th scope="col" class="num">Quota left</th><th scope="col" class="num">Daily quota</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}
