/**
 * One documented vendor answer (a file under test/fixtures/vendor/<crm>/, its source in the README there)
 * and the two things checked against it: (a) the connector reads it with its own schema and gets the
 * fields it uses right, (b) the sandbox answers the same request with the same shape at the levels the
 * connector reads. A difference that is known and kept is listed with its reason; an unlisted one fails,
 * and so does a listed one that went away (the list must be kept true).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SandboxAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface SandboxCheck<Env> {
  /** The same request, made to the running sandbox. */
  readonly ask: (env: Env) => Promise<SandboxAnswer>;
  readonly levels: readonly string[];
  readonly maps?: readonly string[];
  /** `sameShape` lines that are expected, each with the reason it is kept. */
  readonly known?: Readonly<Record<string, string>>;
}

export interface VendorCase<Env> {
  /** File name under test/fixtures/vendor/<crm>/. */
  readonly file: string;
  readonly status: number;
  readonly endpoint: string;
  /** (a) Replays the documented answer through the connector and asserts what it reads. */
  readonly read: (body: unknown) => Promise<void>;
  /** (b) The sandbox comparison, or why the sandbox cannot be asked for this answer. */
  readonly sandbox: SandboxCheck<Env> | { readonly unavailable: string };
}

export function loadFixture(crm: 'hubspot' | 'salesforce', file: string): unknown {
  const url = new URL(`../../fixtures/vendor/${crm}/${file}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as unknown;
}

/** Fixture files listed in the folder's README source table. */
export function readmeFiles(crm: 'hubspot' | 'salesforce'): string[] {
  const url = new URL(`../../fixtures/vendor/${crm}/README.md`, import.meta.url);
  const text = readFileSync(fileURLToPath(url), 'utf8');
  return [...text.matchAll(/^\| `([^`]+\.json)`\s+\|/gm)].map((m) => m[1] ?? '');
}
