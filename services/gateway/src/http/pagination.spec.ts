import { MAX_PAGE_SIZE, pageMeta, pageRequest } from './pagination';

describe('pagination', () => {
  it('passes a page size up to the maximum through and caps a larger one', () => {
    expect(pageRequest({ page: 3, limit: 100 })).toEqual({ page: 3, limit: 100 });
    expect(pageRequest({ page: 1, limit: 101 })).toEqual({ page: 1, limit: MAX_PAGE_SIZE });
    expect(pageRequest({ page: 1, limit: 1e9 })).toEqual({ page: 1, limit: 100 });
  });

  it.each([
    [{ page: 1, limit: 20 }, 0, false],
    [{ page: 1, limit: 20 }, 20, false],
    [{ page: 1, limit: 20 }, 21, true],
    [{ page: 2, limit: 20 }, 45, true],
    [{ page: 3, limit: 20 }, 45, false],
    [{ page: 9, limit: 20 }, 45, false],
  ])('meta of %o with %i in total: has_more %s', (page, total, hasMore) => {
    expect(pageMeta(page, total)).toEqual({ ...page, total, has_more: hasMore });
  });
});
