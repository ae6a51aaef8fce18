/** Where commands print: stdout for results, stderr for problems. Kept in one place so tests can read them. */
import { scrubSecrets } from '../lib/logger.ts';

export function writeOut(text: string): void {
  process.stdout.write(text);
}

/** Problems and error messages may quote what a CRM or SDK said: configured secrets never get through. */
export function writeErr(text: string): void {
  process.stderr.write(scrubSecrets(text));
}
