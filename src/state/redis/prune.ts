/** Rows one prune script removes per call: each call is atomic and bounded, so Redis never blocks long. */
export const PRUNE_CHUNK = 500;

/** Runs a chunked prune script until a chunk comes back short; returns the total removed. */
export async function pruneLoop(step: () => Promise<unknown>): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = Number(await step());
    total += removed;
    if (removed < PRUNE_CHUNK) return total;
  }
}
