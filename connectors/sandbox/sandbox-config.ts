/**
 * A leadloop config pointing at running sandboxes: the example config with its `connections` replaced
 * (HubSpot base URL, token and webhook secret; Salesforce login URL and JWT credentials inline) and its
 * state file moved next to the written file. Edited through the `yaml` Document API so every comment of
 * the example survives, and checked with the real config loader before it is written.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isMap, isNode, isScalar, parseDocument, Scalar, type Document } from 'yaml';
import { parseConfig } from '../../src/config/load.ts';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import type { HubSpotTier } from '../../src/config/connections.ts';

/** What a config needs to reach both sandboxes (the `--json` line of `leadloop sandbox`). */
export interface SandboxConnections {
  readonly hubspot: {
    readonly baseUrl: string;
    readonly accessToken: string;
    readonly clientSecret?: string;
  };
  readonly salesforce: {
    readonly loginUrl: string;
    readonly instanceUrl: string;
    readonly apiVersion: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly username: string;
    readonly refreshToken: string;
    readonly privateKeyPem: string;
  };
}

export interface SandboxConfigOptions {
  /** Where the state file goes; default `<dir of file>/<file name>.state/state.sqlite`. */
  readonly statePath?: string;
  /** The HubSpot tier the sandbox enforces, so leadloop's limits match. */
  readonly hubspotTier?: HubSpotTier;
}

export const EXAMPLE_CONFIG_PATH = resolve(import.meta.dirname, '../../config/leadloop.example.yaml');
const SCHEMA_PATH = resolve(import.meta.dirname, '../../config/leadloop.schema.json');

/** Sets a value, keeping the comment on the node it replaces (setIn alone would drop it). */
function put(doc: Document, path: readonly string[], value: unknown, blockLiteral = false): void {
  const node = doc.getIn(path, true);
  if (isScalar(node)) {
    node.value = value;
    if (blockLiteral) node.type = Scalar.BLOCK_LITERAL;
    else if (node.type === Scalar.BLOCK_LITERAL) node.type = Scalar.PLAIN;
    return;
  }
  const scalar = doc.createNode(value);
  if (blockLiteral && isScalar(scalar)) scalar.type = Scalar.BLOCK_LITERAL;
  doc.setIn(path, scalar);
}

/**
 * The sandboxes listen on http://127.0.0.1, which the SSRF guard refuses unless the connection opts in
 * (`src/lib/safe-url.ts`); the opt-in is written beside the URL it permits, with a comment saying why.
 */
function allowLocalhost(doc: Document, connection: readonly string[]): void {
  const scalar = doc.createNode(true);
  if (isScalar(scalar)) scalar.comment = ' the local sandbox listens on loopback over http';
  doc.setIn([...connection, 'allowLocalhost'], scalar);
}

export function defaultStatePath(configFile: string): string {
  const file = resolve(configFile);
  return join(dirname(file), `${basename(file, extname(file))}.state`, 'state.sqlite');
}

/** The example config's text with connections and state pointing at the sandboxes. */
export function sandboxConfigText(
  exampleText: string,
  connections: SandboxConnections,
  statePath: string,
  options: SandboxConfigOptions = {},
): string {
  const doc = parseDocument(exampleText);
  const hs = ['connections', 'hubspot'];
  put(doc, [...hs, 'baseUrl'], connections.hubspot.baseUrl);
  put(doc, [...hs, 'accessToken'], connections.hubspot.accessToken);
  if (connections.hubspot.clientSecret)
    put(doc, [...hs, 'webhookClientSecret'], connections.hubspot.clientSecret);
  if (options.hubspotTier) put(doc, [...hs, 'tier'], options.hubspotTier);
  allowLocalhost(doc, hs);
  const sf = ['connections', 'salesforce'];
  put(doc, [...sf, 'loginUrl'], connections.salesforce.loginUrl);
  put(doc, [...sf, 'apiVersion'], connections.salesforce.apiVersion.replace(/^v/, ''));
  put(doc, [...sf, 'auth', 'type'], 'jwt');
  put(doc, [...sf, 'auth', 'clientId'], connections.salesforce.clientId);
  put(doc, [...sf, 'auth', 'username'], connections.salesforce.username);
  put(doc, [...sf, 'auth', 'privateKey'], connections.salesforce.privateKeyPem, true);
  allowLocalhost(doc, sf);
  put(doc, ['state', 'type'], 'sqlite');
  put(doc, ['state', 'path'], statePath);
  // The example's header comment sits on its first key. The copy lives elsewhere, so the editor schema
  // modeline must point at the project's schema file.
  const first = isMap(doc.contents) ? doc.contents.items[0]?.key : undefined;
  if (isNode(first)) {
    const header = (first.commentBefore ?? '').replace(/^ yaml-language-server: .*\n/, '');
    first.commentBefore = [
      ` yaml-language-server: $schema=${SCHEMA_PATH}`,
      ' Written by `leadloop sandbox --write-config`: connections point at the local sandbox CRMs.',
      " The credentials below are the sandboxes' own throwaway ones, valid only while they run.",
      header,
    ].join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}

/** Builds the config object (validated by the real loader) without writing anything. */
export async function buildSandboxConfig(
  connections: SandboxConnections,
  statePath: string,
  options: SandboxConfigOptions & { exampleConfigPath?: string } = {},
): Promise<LeadloopConfig> {
  const example = await readFile(options.exampleConfigPath ?? EXAMPLE_CONFIG_PATH, 'utf8');
  return parseConfig(
    sandboxConfigText(example, connections, statePath, options),
    process.env,
    'sandbox config',
  );
}

/**
 * Writes the sandbox config to `file` (validated first, so a written file always passes
 * `leadloop config validate`) and returns the parsed config.
 */
export async function writeSandboxConfig(
  file: string,
  running: { readonly connections: SandboxConnections },
  exampleConfigPath: string = EXAMPLE_CONFIG_PATH,
  options: SandboxConfigOptions = {},
): Promise<LeadloopConfig> {
  const statePath = options.statePath ?? defaultStatePath(file);
  const text = sandboxConfigText(
    await readFile(exampleConfigPath, 'utf8'),
    running.connections,
    statePath,
    options,
  );
  const config = parseConfig(text, process.env, file);
  // It holds a private key and tokens: folders this creates are 0700, the file 0600. writeFile's mode
  // applies only to a file it creates, so an existing one is narrowed first, before the secrets go in.
  await mkdir(dirname(resolve(file)), { recursive: true, mode: 0o700 });
  await mkdir(dirname(statePath), { recursive: true, mode: 0o700 });
  await chmod(file, 0o600).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await writeFile(file, text, { encoding: 'utf8', mode: 0o600 });
  return config;
}
