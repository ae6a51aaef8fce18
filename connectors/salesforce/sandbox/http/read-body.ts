/**
 * Reads a request body (bounded) and parses JSON bodies; malformed JSON is the API's 400
 * JSON_PARSER_ERROR.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.ts';

const MAX_BODY = 64 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  if (contentType && !contentType.includes('json') && !/^\s*[[{]/.test(raw)) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Unexpected character in JSON body: ${(err as Error).message}`,
    );
  }
}
