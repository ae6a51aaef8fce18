/**
 * pino-pretty is a dev dependency: a production install lacks it. A child process with a resolve hook
 * hiding the package stands in for that install; asked for pretty (TTY) output, the logger must fall
 * back to JSON instead of throwing "unable to determine transport target".
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePrettyTarget } from '../../../src/lib/pretty-target.ts';

const run = promisify(execFile);
const loggerUrl = pathToFileURL(new URL('../../../src/lib/logger.ts', import.meta.url).pathname).href;

const HIDE_PINO_PRETTY = `
import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'pino-pretty' || specifier.startsWith('pino-pretty/')) {
      const err = new Error("Cannot find module '" + specifier + "'");
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    }
    return next(specifier, context);
  },
});
`;

const SCRIPT = `
const { createLogger } = await import(${JSON.stringify(loggerUrl)});
createLogger({ pretty: true, level: 'info' }).info({ answer: 42 }, 'hello');
`;

let dir = '';
let hook = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadloop-pretty-'));
  hook = join(dir, 'hide-pino-pretty.mjs');
  await writeFile(hook, HIDE_PINO_PRETTY);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('logger without pino-pretty', () => {
  it('writes JSON lines to stderr when pretty output is asked for but pino-pretty is missing', async () => {
    const { stderr } = await run(
      process.execPath,
      ['--import', pathToFileURL(hook).href, '--input-type=module', '-e', SCRIPT],
      { env: { ...process.env, LOG_FORMAT: '' } },
    );
    const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'hello', answer: 42, app: 'leadloop' });
  });

  it('finds pino-pretty when it is installed (dev checkouts keep readable TTY logs)', () => {
    expect(resolvePrettyTarget()).toMatch(/pino-pretty/);
  });
});
