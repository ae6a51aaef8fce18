/**
 * Where a `.cpuprofile` (from `node --cpu-prof`) spends its time:
 * `node test/bench/profile-summary.ts FILE.cpuprofile [--top 25] [--total]`.
 * Prints self time by function, by file (node_modules folded into their package) and, with `--total`,
 * inclusive time by function (a function counted once per sample however deep it recurses), each as ms
 * and as a share of all samples. Shares are the steady figure on a busy machine; milliseconds are not.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const CallFrame = z.object({
  functionName: z.string(),
  url: z.string(),
  lineNumber: z.number(),
});
const ProfileNode = z.object({
  id: z.number(),
  callFrame: CallFrame,
  children: z.array(z.number()).optional(),
});
const Profile = z.object({
  nodes: z.array(ProfileNode),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type Profile = z.infer<typeof Profile>;
type CallFrame = z.infer<typeof CallFrame>;

export interface Entry {
  readonly key: string;
  readonly ms: number;
  readonly share: number;
}

/** A file's short name: the package for node_modules, the repo-relative path for ours, a tag for V8's own. */
export function fileOf(url: string): string {
  if (url === '') return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return `npm:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const repo = /\/(src|connectors|test)\/.*$/.exec(path);
  return repo ? repo[0].slice(1) : path;
}

export function functionOf(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  return frame.url === '' ? name : `${name} ${fileOf(frame.url)}:${frame.lineNumber + 1}`;
}

function rank(totals: Map<string, number>, allMs: number, top: number): Entry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, ms]) => ({ key, ms, share: allMs > 0 ? ms / allMs : 0 }));
}

export interface Summary {
  readonly allMs: number;
  readonly byFunction: Entry[];
  readonly byFile: Entry[];
  readonly inclusive: Entry[];
}

export function summarise(profile: Profile, top: number): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  let allMs = 0;
  // timeDeltas[i] is the time before sample i; it is what sample i's node ran for.
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
    allMs += ms;
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const fn = functionOf(node.callFrame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    const file = fileOf(node.callFrame.url);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const key = functionOf(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  return {
    allMs,
    byFunction: rank(byFunction, allMs, top),
    byFile: rank(byFile, allMs, top),
    inclusive: rank(inclusive, allMs, top),
  };
}

function lines(title: string, entries: readonly Entry[]): string[] {
  return [
    title,
    ...entries.map(
      (e) => `${e.ms.toFixed(0).padStart(8)} ms ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.key}`,
    ),
    '',
  ];
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, total: { type: 'boolean', default: false } },
  });
  const top = Number(values.top);
  for (const file of positionals) {
    const summary = summarise(Profile.parse(JSON.parse(readFileSync(file, 'utf8'))), top);
    const out = [
      `${file}: ${(summary.allMs / 1000).toFixed(2)} s sampled`,
      ...lines('self time by function', summary.byFunction),
      ...lines('self time by file', summary.byFile),
      ...(values.total ? lines('inclusive time by function', summary.inclusive) : []),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
