/** A pino logger with the product's redaction and error serializer, writing parsed JSON lines into `lines`. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/lib/logger.ts';

export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const s = chunk.toString('utf8');
      raw.push(s);
      for (const line of s.split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination: sink }), lines, text: () => raw.join('') };
}
