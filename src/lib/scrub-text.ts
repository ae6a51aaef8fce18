/**
 * Secret scrubbing of free text: error messages, response bodies, and whole serialized log lines. Two
 * passes, each one regex: first every registered secret value (secret-registry.ts), then the shapes
 * secrets take when nobody registered them (bearer tokens, Salesforce session ids, PEM keys, `key=value`
 * and `"key":"value"` pairs, including JSON quoted inside a string). Cheap enough for every log line.
 */
import { registeredSecrets, secretsVersion } from './secret-registry.ts';

export const CENSOR = '[Redacted]';

/** Key names whose value is a secret, wherever they appear (`accessToken`, `id_token`, `client-secret`...). */
const SECRET_KEY_NAME =
  '[A-Za-z0-9_-]*?(?:token|secret|password|passwd|assertion|private[_-]?key(?:[_-]?pem)?|api[_-]?key|session[_-]?id)';

/**
 * What separates such a key from its value: JSON (`"k":"v"`, also escaped one level or more as `\"k\":\"v\"`
 * inside a log line), form and query parameters (`k=v`), inspect style (`k: 'v'`). A bare `k: v` is not
 * matched: config problems read `connections.hubspot.accessToken: expected string`. A JSON value that is
 * not a string (`"token":12`) is left alone so a serialized log line stays valid JSON.
 */
const SEPARATOR = String.raw`(?:\\*["']?\s*[:=]\s*\\*["']|\s*=\s*)`;

/**
 * The value: up to a quote, a backslash (an escape: the string goes on, we stop), whitespace or a
 * delimiter. It can never start after a string's closing quote (`,` `:` `}` `]` are excluded), so a
 * replacement always stays inside one JSON string. An already censored value is left as it is.
 */
const VALUE = String.raw`(?!\[Redacted\])[^"'\\\s&,;:}\]<>]+`;

const PATTERNS = new RegExp(
  [
    // A PEM private key, whole or cut short, with real or escaped (`\n`) line breaks.
    String.raw`-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\\[nr]|[\sA-Za-z0-9+/=])*(?:-----END [A-Z ]*PRIVATE KEY-----)?`,
    // A Salesforce session id: 15/18-character org id, `!`, then the session secret (all of it goes).
    String.raw`\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._~+/=!-]+`,
    // `Bearer <token>`: the token may itself be a session id containing `!`.
    String.raw`(?<bearer>\bBearer\s+)[A-Za-z0-9._~+/=!-]+`,
    String.raw`(?<pair>(?<![A-Za-z0-9])${SECRET_KEY_NAME}${SEPARATOR})${VALUE}`,
  ].join('|'),
  'gi',
);

function replacePattern(match: string, ...args: unknown[]): string {
  const groups = args.at(-1) as { bearer?: string; pair?: string };
  if (groups.bearer !== undefined) return `${groups.bearer}${CENSOR}`;
  if (groups.pair !== undefined) return `${groups.pair}${CENSOR}`;
  return match.length > 0 ? CENSOR : match;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** How a value appears inside a JSON string (what a serialized log line holds). */
const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

interface ValueMatchers {
  version: number;
  plain: RegExp | undefined;
  json: RegExp | undefined;
}
let matchers: ValueMatchers = { version: -1, plain: undefined, json: undefined };

/** Longest first, so a value that is a prefix of another never leaves the other's tail behind. */
function alternation(values: readonly string[]): RegExp | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  return new RegExp(`\\\\?(?:${sorted.map(escapeRegExp).join('|')})`, 'g');
}

function valueMatchers(): ValueMatchers {
  const version = secretsVersion();
  if (matchers.version !== version) {
    const values = registeredSecrets();
    matchers = { version, plain: alternation(values), json: alternation(values.map(jsonEscaped)) };
  }
  return matchers;
}

/**
 * In a JSON line, a match may begin right after a backslash that escapes its first character (`\n`
 * followed by a value starting with `n`): that backslash goes too, or the line would end up holding a
 * lone `\` before the censor. A backslash that is itself escaped (`\\`) stays.
 */
function replaceValue(match: string, offset: number, text: string): string {
  if (!match.startsWith('\\')) return CENSOR;
  let before = 0;
  for (let i = offset - 1; i >= 0 && text[i] === '\\'; i -= 1) before += 1;
  return before % 2 === 0 ? CENSOR : `\\${CENSOR}`;
}

/** Plain text (an error message, a response body): registered values, then the secret shapes. */
export function scrubText(text: string): string {
  const { plain } = valueMatchers();
  const valuesGone = plain ? text.replace(plain, (m) => (m.startsWith('\\') ? `\\${CENSOR}` : CENSOR)) : text;
  return valuesGone.replace(PATTERNS, replacePattern);
}

/** A serialized JSON log line: the same, matching values as JSON-escaped, and keeping the line valid JSON. */
export function scrubJsonLine(line: string): string {
  const { json } = valueMatchers();
  const valuesGone = json ? line.replace(json, replaceValue) : line;
  return valuesGone.replace(PATTERNS, replacePattern);
}
