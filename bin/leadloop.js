#!/usr/bin/env node
// Runs the TypeScript sources directly: Node >= 22.18 strips types natively, so no build step stands
// between `npm ci` and the first `leadloop demo`. The container image runs the same files.
import { main } from '../src/cli.ts';

process.exitCode = await main(process.argv);
