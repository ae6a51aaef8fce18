/**
 * Reads one page ahead of its consumer: the request for page n+1 is in flight (the CRM, or the sandbox in
 * its own process, works on it) while the engine ingests page n, instead of the two taking turns. Pages
 * still reach the consumer one at a time and in order, so cursors commit exactly as without it, and at
 * most two pages are held. A failure fetching the next page surfaces when the consumer asks for it.
 */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | undefined = iterator.next();
  try {
    for (;;) {
      const result: IteratorResult<T> = await next;
      if (result.done) {
        next = undefined;
        return;
      }
      next = iterator.next();
      yield result.value;
    }
  } finally {
    if (next !== undefined) {
      // The consumer stopped early (abort, ingest error): the page fetched ahead is dropped, and its
      // failure, if any, must not surface as an unhandled rejection.
      // Closing the source lets its own cleanup run; an error there must not replace the consumer's.
      next.catch(() => undefined);
      await iterator.return?.().catch(() => undefined);
    }
  }
}
