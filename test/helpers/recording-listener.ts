/**
 * A plain HTTP listener on 127.0.0.1 that records every request reaching it (method, path, headers) and
 * answers with `answer` (default 200 `{}`): the "other origin" of the credential-leak tests, or a small
 * stand-in server whose answers a test scripts.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface RecordingListener {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Answer = (req: IncomingMessage, res: ServerResponse, origin: string) => void;

const ok: Answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{}');
};

export async function recordingListener(answer: Answer = ok): Promise<RecordingListener> {
  const requests: RecordedRequest[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => answer(req, res, origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
