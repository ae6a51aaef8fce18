import type { CompanyPage } from '../../connectors/company-source.ts';

/** Reads a company source to its end: the ids and removals in order, and where it stopped. */
export async function drainCompanyPages(pages: AsyncIterable<CompanyPage>) {
  const ids: string[] = [];
  const removed: string[] = [];
  let cursor: string | null = null;
  let complete = false;
  for await (const page of pages) {
    ids.push(...page.records.map((r) => r.id));
    removed.push(...page.removed);
    cursor = page.cursor;
    complete = page.complete;
  }
  return { ids, removed, cursor, complete };
}
