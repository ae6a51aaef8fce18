/**
 * The Salesforce SDK is `@jsforce/jsforce-node` (the library alone). The `jsforce` package also ships its
 * CLI and that CLI's dependencies (inquirer, open, ora, ...), which a server has no use for.
 */
import { globSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const json = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe('Salesforce SDK dependency', () => {
  it('package.json and the lockfile hold @jsforce/jsforce-node and no jsforce', () => {
    const manifest = json('package.json');
    const lock = json('package-lock.json');
    const dependencies = Object.keys(Object(Reflect.get(Object(manifest), 'dependencies')));
    const locked = Object.keys(Object(Reflect.get(Object(lock), 'packages')));
    expect(dependencies).toContain('@jsforce/jsforce-node');
    expect(dependencies).not.toContain('jsforce');
    expect(locked.filter((p) => p === 'node_modules/jsforce' || p.endsWith('/node_modules/jsforce'))).toEqual(
      [],
    );
  });

  it('no source, sandbox, test or bench file imports jsforce', () => {
    const files = globSync(['src/**/*.ts', 'connectors/**/*.ts', 'test/**/*.ts', 'bin/**/*.js'], {
      cwd: root,
    });
    expect(files.length).toBeGreaterThan(100);
    const importing = files.filter((file) =>
      /(?:from|import\(|require\()\s*['"]jsforce(?:\/[^'"]*)?['"]/.test(
        readFileSync(new URL(file, root), 'utf8'),
      ),
    );
    expect(importing).toEqual([]);
  });
});
