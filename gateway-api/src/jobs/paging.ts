import type { Page, PageRequest } from '../ledger/views';

/** Every item of a paged list, page after page until the bookmark is empty. */
export async function* everyItem<T>(
  fetchPage: (request: PageRequest) => Promise<Page<T>>,
  pageSize: number,
): AsyncGenerator<T> {
  let bookmark = '';
  do {
    const page = await fetchPage({ pageSize, bookmark });
    yield* page.items;
    if (page.items.length === 0) return;
    bookmark = page.bookmark;
  } while (bookmark !== '');
}

/** Runs `work` on every item, at most `limit` at a time, in order of the items. */
export async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
