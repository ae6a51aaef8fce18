/** Where commands print: stdout for results, stderr for problems. Kept in one place so tests can read them. */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

export function writeErr(text: string): void {
  process.stderr.write(text);
}
