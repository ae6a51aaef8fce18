/**
 * Where `pino-pretty` lives, if it is installed. It only makes TTY output readable, so it is a dev
 * dependency: a production install (`npm ci --omit=dev`) lacks it, and pino would throw "unable to
 * determine transport target" at logger creation. Resolving it first lets the logger fall back to JSON.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The absolute path of pino-pretty's entry point, or undefined when it cannot be resolved from here. */
export function resolvePrettyTarget(): string | undefined {
  try {
    return require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
}
