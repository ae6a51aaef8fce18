import { describe, expect, it } from 'vitest';
import { mergedPages, prefetched } from '../../../src/sync/prefetch.ts';

/** A source that records when each page is requested relative to the consumer's progress. */
function source(pages: number, log: string[], failAt?: number) {
  let closed = false;
  const gen = async function* () {
    try {
      for (let i = 0; i < pages; i++) {
        log.push(`fetch ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      closed = true;
    }
  };
  return { pages: gen(), closed: () => closed };
}

describe('prefetched', () => {
  it('requests page n+1 before the consumer handles page n, and yields every page in order', async () => {
    const log: string[] = [];
    const { pages } = source(3, log);
    const seen: number[] = [];
    for await (const page of prefetched(pages)) {
      log.push(`ingest ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(log).toEqual(['fetch 0', 'fetch 1', 'ingest 0', 'fetch 2', 'ingest 1', 'ingest 2']);
  });

  it('surfaces a failed page when the consumer reaches it, after the pages before it', async () => {
    const log: string[] = [];
    const { pages } = source(3, log, 1);
    const seen: number[] = [];
    await expect(async () => {
      for await (const page of prefetched(pages)) seen.push(page);
    }).rejects.toThrow('page 1 failed');
    expect(seen).toEqual([0]);
  });

  it('closes the source when the consumer stops early, without an unhandled rejection from the page ahead', async () => {
    const log: string[] = [];
    const { pages, closed } = source(5, log, 1);
    await expect(async () => {
      for await (const page of prefetched(pages)) {
        if (page === 0) throw new Error('ingest failed');
      }
    }).rejects.toThrow('ingest failed');
    expect(closed()).toBe(true);
    expect(log).toEqual(['fetch 0', 'fetch 1']);
  });
});

async function* pagesOf(sizes: number[]) {
  let n = 0;
  for (const [i, size] of sizes.entries()) {
    const items = Array.from({ length: size }, () => n++);
    yield {
      items,
      cursor: `c${i}`,
      ...(i === 1 ? { rejected: [`bad${i}`] } : {}),
      // A shared activity's full list of people rides with its page (the Salesforce who-relations).
      ...(i === 2 ? { people: [`who${i}`] } : {}),
      ...(i === 3 ? { removed: [`gone${i}`] } : {}),
    };
  }
}

describe('mergedPages', () => {
  it('joins consecutive pages up to the minimum, keeping order, rejects, people, removed activities and the last cursor', async () => {
    const out = [];
    for await (const page of mergedPages(pagesOf([2, 2, 3, 1, 1]), 4)) out.push(page);
    expect(out).toEqual([
      { items: [0, 1, 2, 3], cursor: 'c1', rejected: ['bad1'], people: [], removed: [] },
      { items: [4, 5, 6, 7], cursor: 'c3', rejected: [], people: ['who2'], removed: ['gone3'] },
      { items: [8], cursor: 'c4', rejected: [], people: [], removed: [] },
    ]);
  });

  it('passes an empty page through so its cursor still moves, and yields nothing for no pages', async () => {
    const out = [];
    for await (const page of mergedPages(pagesOf([0]), 4)) out.push(page);
    expect(out).toEqual([{ items: [], cursor: 'c0', rejected: [], people: [], removed: [] }]);
    const none = [];
    for await (const page of mergedPages(pagesOf([]), 4)) none.push(page);
    expect(none).toEqual([]);
  });
});
