/**
 * A config file for one sandbox world, as `leadloop sandbox --write-config` writes it, with the state store
 * chosen by the test and the engagement model made time-stable (see `timeStable` in crm-state.ts): two
 * worlds synced seconds apart must score alike for their CRM states to be compared field by field.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { writeSandboxConfig } from '../../connectors/sandbox/sandbox-config.ts';
import type { RunningSandboxes } from '../../connectors/sandbox/start-sandboxes.ts';
import type { StateConfig } from '../../src/config/schema.ts';
import { HALF_LIFE_STABLE } from './crm-state.ts';

export interface WorldConfigOptions {
  readonly state: StateConfig;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'silent';
}

export async function writeWorldConfig(
  file: string,
  sandboxes: RunningSandboxes,
  options: WorldConfigOptions,
): Promise<void> {
  await writeSandboxConfig(file, sandboxes);
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setIn(['state'], doc.createNode(options.state));
  doc.setIn(['scoring', 'engagement', 'halfLifeDays'], HALF_LIFE_STABLE);
  const rules = doc.getIn(['scoring', 'engagement', 'rules'], true);
  if (!isSeq(rules)) throw new Error('example config: scoring.engagement.rules is not a list');
  for (const rule of rules.items) if (isMap(rule)) rule.delete('withinDays');
  if (options.logLevel) doc.setIn(['log', 'level'], options.logLevel);
  await writeFile(file, doc.toString({ lineWidth: 0 }), { encoding: 'utf8', mode: 0o600 });
}
