/**
 * Publishing writes the candidate's `scoring` section into the config file, which stays the one source of
 * the live model. Through the yaml Document API, so every comment outside the section survives; the live
 * file's `rescoreBudget` is kept when the candidate sets none (how the admin rolls models out is not part
 * of a model). The result is validated as a whole config before anything is written.
 */
import { isMap, type Document } from 'yaml';
import { parseConfig } from '../config/load.ts';
import type { LeadloopConfig } from '../config/schema.ts';

export function setScoring(doc: Document, scoring: Readonly<Record<string, unknown>>): void {
  const live = doc.get('scoring', true);
  const budget = isMap(live) ? live.get('rescoreBudget') : undefined;
  const next =
    budget !== undefined && !('rescoreBudget' in scoring) ? { ...scoring, rescoreBudget: budget } : scoring;
  doc.set('scoring', doc.createNode(next));
}

/** The config document with the candidate live, and its text parsed (a ConfigError when invalid). */
export function publishedConfig(
  doc: Document,
  scoring: Readonly<Record<string, unknown>>,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
): { doc: Document; config: LeadloopConfig } {
  const next = doc.clone();
  setScoring(next, scoring);
  return { doc: next, config: parseConfig(next.toString({ lineWidth: 0 }), env, source) };
}
