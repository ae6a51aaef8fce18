/**
 * The Salesforce SDK is `@jsforce/jsforce-node` (the library alone). The `jsforce` package also ships its
 * CLI and that CLI's dependencies (inquirer, open, ora, ...), which a server has no use for.
 *
 * The connector wraps jsforce's transport (`Connection._transport.httpRequest`, `OAuth2._transport`): every
 * request jsforce makes, REST, Bulk, Tooling and OAuth, passes one place that counts it for the quota,
 * guards its host and keeps `Authorization` on the session's own origins. That hook is not public API, so
 * the version is pinned exactly and this test names the patch point: an upgrade that moves it fails here,
 * not as uncounted calls or a token sent where it should not go. Owning the HTTP layer instead would mean
 * re-implementing jsforce's OAuth, Bulk 2.0 polling and session refresh, which is what the library is for.
 */
import { globSync, readFileSync } from 'node:fs';
import { Connection, OAuth2 } from '@jsforce/jsforce-node';
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

  it('is pinned to one exact version, whose transport hook the connector wraps', () => {
    const manifest = json('package.json');
    const wanted = String(
      Reflect.get(Object(Reflect.get(Object(manifest), 'dependencies')), '@jsforce/jsforce-node'),
    );
    expect(wanted).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = json('node_modules/@jsforce/jsforce-node/package.json');
    expect(Reflect.get(Object(installed), 'version')).toBe(wanted);
    const conn = new Connection({ loginUrl: 'https://login.salesforce.com', version: '62.0' });
    expect(typeof conn._transport.httpRequest).toBe('function');
    const oauth2 = new OAuth2({ clientId: 'x', loginUrl: 'https://login.salesforce.com' });
    expect(typeof oauth2._transport.httpRequest).toBe('function');
  });
});
