/**
 * Text the stores keep and `leadloop status` prints: write failure reasons and run errors. A message cut
 * in the middle of an emoji holds a lone UTF-16 surrogate; JSON.stringify writes it as a `\ud83d` escape,
 * which strict JSON parsers refuse (RFC 8259 §8.2, I-JSON), so `status --json` would not parse outside
 * JavaScript. Stored text is made well-formed (U+FFFD in place of a lone surrogate) and scrubbed of
 * secrets: it is printed later, by a process that may not know which values were secret.
 */
import { scrubText } from '../lib/scrub-text.ts';
import type { RunSummary, WriteFailureEntry } from './types.ts';

export function storedText(text: string): string {
  return scrubText(text.toWellFormed());
}

export function storedFailure(f: WriteFailureEntry): WriteFailureEntry {
  return {
    ...f,
    recordId: f.recordId.toWellFormed(),
    code: f.code.toWellFormed(),
    message: storedText(f.message),
    fields: f.fields.map((field) => field.toWellFormed()),
  };
}

export function storedRun(run: RunSummary): RunSummary {
  return run.error === null ? run : { ...run, error: storedText(run.error) };
}
