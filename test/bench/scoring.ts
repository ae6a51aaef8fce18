/**
 * Scoring throughput: 1,000,000 synthetic records × 20 activities scored with the example model on one core.
 * Records come from a seeded pool (cycled), built before the clock starts, so only scoring is measured.
 * Run: `node test/bench/scoring.ts [records] [activitiesPerRecord] [--explain]`. Prints records/s (target ≥ 200,000).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { Prng } from '../../connectors/sandbox/prng.ts';
import { compileModel } from '../../src/scoring/compile-model.ts';
import { ScoringConfig } from '../../src/scoring/schema.ts';
import { scorePerson } from '../../src/scoring/score-person.ts';
import type { ScoringActivity, ScoringPerson } from '../../src/scoring/types.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const RECORDS = Number(args[0] ?? 1_000_000);
const ACTIVITIES = Number(args[1] ?? 20);
/** `--explain` also builds every explanation text (a sync builds it only for records it writes). */
const EXPLAIN = process.argv.includes('--explain');
const POOL = Math.min(RECORDS, 50_000);
const NOW = new Date('2026-11-01T00:00:00Z');
const DAY = 86_400_000;

const seeded = new Prng(42);
const random = (): number => seeded.next();
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const TITLES = [
  'CEO',
  'Chief Technology Officer',
  'VP Engineering',
  'IT Manager',
  'Engineer',
  'Student',
  'Buyer',
];
const INDUSTRIES = ['Manufacturing', 'Industrial Machinery', 'Retail', 'Software', null];
const COUNTRIES = ['Germany', 'France', 'United States', 'Japan', null];
const TEMPLATES: readonly Omit<ScoringActivity, 'occurredAtMs'>[] = [
  { type: 'form_submission', name: 'Request a demo' },
  { type: 'form_submission', name: 'Newsletter signup' },
  { type: 'page_view', url: 'https://www.example.com/pricing' },
  { type: 'page_view', url: 'https://www.example.com/blog/post-1' },
  { type: 'page_view', url: 'https://www.example.com/careers/jobs' },
  { type: 'content_download', tag: 'whitepaper' },
  { type: 'content_download', tag: 'product-flyer' },
  { type: 'email_open', name: 'November newsletter' },
  { type: 'email_click', name: 'November newsletter' },
  { type: 'webinar', name: 'Predictive maintenance' },
  { type: 'meeting', name: 'Intro call' },
  { type: 'call' },
];

function syntheticPerson(i: number): ScoringPerson {
  const activities: ScoringActivity[] = [];
  for (let a = 0; a < ACTIVITIES; a++) {
    const occurredAtMs = NOW.getTime() - Math.floor(random() * 180 * DAY);
    const template = pick(TEMPLATES);
    // The full domain shape (as connectors produce it), so property reads see one object shape.
    activities.push({
      type: template.type,
      occurredAt: new Date(occurredAtMs).toISOString(),
      occurredAtMs,
      name: template.name ?? null,
      url: template.url ?? null,
      tag: template.tag ?? null,
      campaign: null,
    });
  }
  return {
    fields: {
      email: i % 10 === 0 ? `p${i}@gmail.com` : `p${i}@acme-${i % 97}.com`,
      lastname: `Person${i}`,
      jobtitle: pick(TITLES),
      numberofemployees: String(Math.floor(random() * 10_000)),
      industry: pick(INDUSTRIES),
      country: pick(COUNTRIES),
      hs_analytics_source: i % 20 === 0 ? 'OFFLINE_PURCHASED_LIST' : 'ORGANIC_SEARCH',
    },
    activities,
  };
}

const config = ScoringConfig.parse(
  (
    parse(readFileSync(new URL('../../config/leadloop.example.yaml', import.meta.url), 'utf8')) as {
      scoring: unknown;
    }
  ).scoring,
);
const model = compileModel(config);
const pool = Array.from({ length: POOL }, (_, i) => syntheticPerson(i));

/** Wall time and this process's CPU time: on a shared machine the CPU figure is the one-core throughput. */
function run(count: number): { seconds: number; cpuSeconds: number; mql: number } {
  let mql = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const score = scorePerson(model, pool[i % POOL] as ScoringPerson, NOW, { details: EXPLAIN });
    if (score.mql) mql++;
    if (EXPLAIN && score.explanation.length === 0) mql--;
  }
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, mql };
}

run(Math.min(RECORDS, 100_000)); // warm-up: let the JIT settle before measuring
const { seconds, cpuSeconds, mql } = run(RECORDS);
const perSecond = Math.round(RECORDS / seconds);
const perCpuSecond = Math.round(RECORDS / cpuSeconds);
console.log(
  `scored ${RECORDS.toLocaleString('en')} records × ${ACTIVITIES} activities${EXPLAIN ? ' with explanations' : ''} in ${seconds.toFixed(2)} s: ` +
    `${perSecond.toLocaleString('en')} records/s wall, ${perCpuSecond.toLocaleString('en')} records/s per CPU second ` +
    `(${mql.toLocaleString('en')} MQL; target ≥ 200,000 records/s)`,
);
