/** Progress on a TTY for long runs (stderr, rewritten in place); silent when not a terminal. */
export interface Progress {
  (phase: 'pull' | 'process', done: number, total?: number): void;
  done(): void;
}

export function progressReporter(stream: NodeJS.WriteStream): Progress {
  const tty = stream.isTTY === true;
  let last = 0;
  const report = ((phase: string, done: number, total?: number) => {
    if (!tty) return;
    const now = Date.now();
    if (now - last < 200 && (total === undefined || done < total)) return;
    last = now;
    const pct = total ? ` ${Math.min(100, Math.round((done / total) * 100))}%` : '';
    stream.write(`\r${phase}: ${done}${total ? `/${total}` : ''}${pct}   `);
  }) as Progress;
  report.done = () => {
    if (tty) stream.write('\r\x1b[K');
  };
  return report;
}
