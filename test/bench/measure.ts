/**
 * What one benchmark step costs the leadloop process: wall time, CPU time, and peak RSS sampled on an
 * interval (the sampler is a timer, so a long synchronous stretch shows up late but never lower).
 */

export interface Measured<T> {
  readonly value: T;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

const RSS_SAMPLE_MS = 50;

export async function measure<T>(fn: () => Promise<T>): Promise<Measured<T>> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const value = await fn();
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, wallMs, cpuMs: (used.user + used.system) / 1000, peakRssMb: peak / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `fn` over `items` with at most `width` in flight (admin mutations, naive per-record calls). */
export async function inPool<T>(
  items: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
