/**
 * OParl object lists (core/oparl/pagination.ts) and date-times (core/oparl/date-time.ts): stable pages that
 * continue after the last key, the created/modified filters carried into every link, the page size a client may
 * ask for, 400 for parameters that cannot be read; instants with the zone's offset of that day.
 */
import { describe, expect, it } from 'vitest';
import { httpStatusOf, isHttpRefusal } from '../../functions/_shared/http/http-errors.ts';
import { oparlDateTime } from '../../core/oparl/date-time.ts';
import { DEFAULT_ELEMENTS_PER_PAGE, listPage, MAX_ELEMENTS_PER_PAGE, parseListQuery, type ListEntry, type OparlList } from '../../core/oparl/pagination.ts';
import { oparlUrls, withQuery } from '../../core/oparl/urls.ts';

const URL_ = 'https://kim.example/oparl/v1/body/kreis-dueren/meetings';

/** Entries m01…mNN, created one per day from 2026-01-01, modified a day later. */
function entries(count: number): ListEntry<string>[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String(i + 1).padStart(2, '0');
    return { key: `m${day}`, created: `2026-01-${day}T08:00:00.000Z`, modified: `2026-01-${String(i + 2).padStart(2, '0')}T08:00:00.000Z`, object: `m${day}` };
  });
}

function badParameters(query: Record<string, string>): string[] {
  try {
    parseListQuery(query);
  } catch (error) {
    if (isHttpRefusal(error) && httpStatusOf(error) === 400 && 'errors' in error) return (error.errors ?? []).map((e) => e.field);
    throw error;
  }
  return [];
}

/** Follows `links.next` from the first page to the last, as a client does. */
function walk(all: readonly ListEntry<string>[], first: Record<string, string>): string[][] {
  const pages: string[][] = [];
  let query: Record<string, string> | undefined = first;
  while (query !== undefined) {
    const page: OparlList<string> = listPage(URL_, all, parseListQuery(query));
    pages.push([...page.data]);
    query = page.links.next === undefined ? undefined : Object.fromEntries(new URL(page.links.next).searchParams);
    if (pages.length > 100) throw new Error('no end');
  }
  return pages;
}

describe('OParl lists', () => {
  it('put one page of data with pagination facts and links; a short list has no next link', () => {
    const page = listPage(URL_, entries(3), parseListQuery({}));
    expect(page).toEqual({
      data: ['m01', 'm02', 'm03'],
      pagination: { totalElements: 3, elementsPerPage: DEFAULT_ELEMENTS_PER_PAGE, currentPage: 1, totalPages: 1 },
      links: { first: URL_, self: URL_ },
    });
    expect(listPage(URL_, [], parseListQuery({}))).toEqual({ data: [], pagination: { totalElements: 0, elementsPerPage: DEFAULT_ELEMENTS_PER_PAGE, currentPage: 1, totalPages: 1 }, links: { first: URL_, self: URL_ } });
  });

  it('page by `next` until the last page, every entry once, sorted by key whatever the input order', () => {
    const all = entries(7).reverse();
    expect(walk(all, { elementsPerPage: '3' })).toEqual([['m01', 'm02', 'm03'], ['m04', 'm05', 'm06'], ['m07']]);
    const second = listPage(URL_, all, parseListQuery({ elementsPerPage: '3', after: 'm03' }));
    expect(second.pagination).toEqual({ totalElements: 7, elementsPerPage: 3, currentPage: 2, totalPages: 3 });
    expect(second.links).toEqual({ first: `${URL_}?elementsPerPage=3`, self: `${URL_}?elementsPerPage=3&after=m03`, next: `${URL_}?elementsPerPage=3&after=m06` });
  });

  it('stay stable while the list changes under a walking client: nothing behind its position repeats or goes missing ahead', () => {
    const all = entries(6);
    const first = listPage(URL_, all, parseListQuery({ elementsPerPage: '2' }));
    expect(first.data).toEqual(['m01', 'm02']);
    // A meeting is added before the client's position and one behind it is gone: the walk goes on where it was.
    const changed = [{ key: 'm00', object: 'm00' }, ...all.filter((e) => e.key !== 'm01')];
    const next = listPage(URL_, changed, parseListQuery(Object.fromEntries(new URL(first.links.next ?? '').searchParams)));
    expect(next.data).toEqual(['m03', 'm04']);
    // A cursor past the end is an empty last page, not an error.
    expect(listPage(URL_, all, parseListQuery({ after: 'zzz' })).data).toEqual([]);
  });

  it('filter by created/modified (inclusive), keep the filters in every link, list objects without timestamps always', () => {
    const all: ListEntry<string>[] = [...entries(5), { key: 'org', object: 'org' }];
    const query = { created_since: '2026-01-02T09:00:00+01:00', modified_until: '2026-01-05T08:00:00Z', elementsPerPage: '2' };
    const page = listPage(URL_, all, parseListQuery(query));
    expect(page.data).toEqual(['m02', 'm03']);
    expect(page.pagination.totalElements).toBe(4); // m02, m03, m04 and the object without timestamps
    const carried = 'created_since=2026-01-02T09%3A00%3A00%2B01%3A00&modified_until=2026-01-05T08%3A00%3A00Z&elementsPerPage=2';
    expect(page.links).toEqual({ first: `${URL_}?${carried}`, self: `${URL_}?${carried}`, next: `${URL_}?${carried}&after=m03` });
    expect(walk(all, query).flat()).toEqual(['m02', 'm03', 'm04', 'org']);
    expect(listPage(URL_, all, parseListQuery({ modified_since: '2026-01-04T08:00:00.000Z', created_until: '2026-01-04T08:00:00Z' })).data).toEqual(['m03', 'm04', 'org']);
  });

  it('read an offset whose + arrived as a space (an unencoded + in a query string)', () => {
    const query = parseListQuery({ modified_since: '2026-01-03T09:00:00 01:00' });
    expect(query.filters).toEqual([{ parameter: 'modified_since', value: '2026-01-03T09:00:00+01:00', instant: Date.parse('2026-01-03T08:00:00Z') }]);
  });

  it('honour elementsPerPage between 1 and 100 and answer 400 for parameters they cannot read', () => {
    expect(parseListQuery({ elementsPerPage: '0' }).elementsPerPage).toBe(1);
    expect(parseListQuery({ elementsPerPage: '5000' }).elementsPerPage).toBe(MAX_ELEMENTS_PER_PAGE);
    expect(listPage(URL_, entries(3), parseListQuery({ elementsPerPage: '5000' })).links.first).toBe(`${URL_}?elementsPerPage=100`);
    expect(badParameters({ elementsPerPage: 'viele' })).toEqual(['elementsPerPage']);
    expect(badParameters({ elementsPerPage: '-3' })).toEqual(['elementsPerPage']);
    expect(badParameters({ created_since: '2026-01-01' })).toEqual(['created_since']);
    expect(badParameters({ modified_since: '2026-01-01T00:00:00', modified_until: 'gestern' })).toEqual(['modified_since', 'modified_until']);
    expect(badParameters({ after: '' })).toEqual(['after']);
    expect(badParameters({ after: 'x'.repeat(301) })).toEqual(['after']);
    // Parameters OParl does not define are ignored.
    expect(badParameters({ page: '3', listformat: 'compact' })).toEqual([]);
  });
});

describe('OParl URLs and date-times', () => {
  it('build absolute URLs under <appUrl>/oparl/v1, ids encoded, without a double slash', () => {
    const urls = oparlUrls('https://kim.kreis-dueren.de/');
    expect(urls.system).toBe('https://kim.kreis-dueren.de/oparl/v1/system');
    expect(urls.bodyList('kreis-dueren', 'meetings')).toBe('https://kim.kreis-dueren.de/oparl/v1/body/kreis-dueren/meetings');
    expect(urls.meeting('a b/c')).toBe('https://kim.kreis-dueren.de/oparl/v1/meeting/a%20b%2Fc');
    expect(withQuery(urls.bodies, [['x', undefined], ['y', 'ä&']])).toBe('https://kim.kreis-dueren.de/oparl/v1/bodies?y=%C3%A4%26');
  });

  it('write instants in the zone with that day\'s offset, whole seconds', () => {
    expect(oparlDateTime('2026-12-08T09:00:00.000Z', 'Europe/Berlin')).toBe('2026-12-08T10:00:00+01:00');
    expect(oparlDateTime('2026-06-10T08:00:00.123Z', 'Europe/Berlin')).toBe('2026-06-10T10:00:00+02:00');
    // The night the clocks go back: the same wall-clock hour twice, told apart by the offset.
    expect(oparlDateTime('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(oparlDateTime('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+01:00');
    expect(oparlDateTime('2026-01-15T12:00:00Z', 'America/St_Johns')).toBe('2026-01-15T08:30:00-03:30');
    expect(() => oparlDateTime('gestern', 'Europe/Berlin')).toThrow(RangeError);
  });
});
