/** leadloop's version, from package.json: the CLI's `--version` and the API document say the same. */
import { createRequire } from 'node:module';

const manifest = createRequire(import.meta.url)('../../package.json') as { version: string };

export const LEADLOOP_VERSION: string = manifest.version;
