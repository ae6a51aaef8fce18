/**
 * An HTTP proxy on 127.0.0.1 in front of a sandbox that hands each answer to `rewrite`, which may return
 * another one (status, content type, body) before it reaches leadloop. Requests pass through unchanged,
 * uncompressed, so answers arrive as text the rewrite can read.
 *
 *   const proxy = await startRewritingProxy(sb.hubspot.baseUrl, (exchange) => undefined);
 *   ... proxy.url ...; await proxy.close();
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface Exchange {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: URL;
  readonly requestBody: string;
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The proxy's own origin (answers naming the upstream's URLs may be pointed back at it). */
  readonly self: string;
}

export interface Rewritten {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface RewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

export async function startRewritingProxy(
  target: string,
  rewrite: (exchange: Exchange) => Rewritten | undefined,
): Promise<RewritingProxy> {
  let self = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', target);
      const requestBody = Buffer.concat(chunks);
      const headers = { ...req.headers, host: url.host };
      delete headers['accept-encoding'];
      const upstream = request(url, { method: req.method, headers }, (answer: IncomingMessage) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const original: Rewritten = {
            status: answer.statusCode ?? 502,
            contentType: String(answer.headers['content-type'] ?? ''),
            body: Buffer.concat(parts).toString('utf8'),
          };
          let out: Rewritten;
          try {
            out =
              rewrite({
                method: req.method ?? 'GET',
                url,
                requestBody: requestBody.toString('utf8'),
                requestHeaders: req.headers,
                ...original,
                self,
              }) ?? original;
          } catch (err) {
            out = { status: 599, contentType: 'text/plain', body: `rewrite failed: ${String(err)}` };
          }
          const body = Buffer.from(out.body, 'utf8');
          const outHeaders: Record<string, string | string[] | undefined> = {
            ...answer.headers,
            'content-type': out.contentType,
            'content-length': String(body.length),
          };
          delete outHeaders['transfer-encoding'];
          delete outHeaders['content-encoding'];
          res.writeHead(out.status, outHeaders).end(body);
        });
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  self = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: self,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
