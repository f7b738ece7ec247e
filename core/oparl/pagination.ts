/**
 * OParl 1.1 external object lists: `data`, `pagination`, `links` (`next` on every page but the last), the filters
 * `created_since`, `created_until`, `modified_since`, `modified_until` (which every external list must support)
 * and the client's wish `elementsPerPage` (honoured between 1 and 100).
 *
 * Pagination is stable as the specification recommends: entries are sorted by a key that never changes (ids, and
 * for meetings their rule date first, so the calendar reads in order), and `next` continues after the last key of
 * the page (`after=`) instead of counting an offset, so meetings added or cancelled while a client walks the list
 * neither repeat nor skip entries behind its position. Every filter is carried into `first`, `self` and `next`.
 */
import { validationFailed } from '../errors.ts';
import { withQuery } from './urls.ts';

export const DEFAULT_ELEMENTS_PER_PAGE = 25;
export const MAX_ELEMENTS_PER_PAGE = 100;
const MAX_CURSOR_LENGTH = 300;

/** One object of a list with what sorting and filtering need. Timestamps are the stored ISO instants. */
export interface ListEntry<T> {
  readonly key: string;
  readonly created?: string;
  readonly modified?: string;
  readonly object: T;
}

export interface OparlList<T> {
  readonly data: readonly T[];
  readonly pagination: { readonly totalElements: number; readonly elementsPerPage: number; readonly currentPage: number; readonly totalPages: number };
  readonly links: { readonly first: string; readonly self: string; readonly next?: string };
}

const FILTERS = [
  { parameter: 'created_since', attribute: 'created', bound: 'since' },
  { parameter: 'created_until', attribute: 'created', bound: 'until' },
  { parameter: 'modified_since', attribute: 'modified', bound: 'since' },
  { parameter: 'modified_until', attribute: 'modified', bound: 'until' },
] as const;

type FilterParameter = (typeof FILTERS)[number]['parameter'];

export interface ListQuery {
  /** The filters as given (normalised), to carry into the links, and as instants. */
  readonly filters: readonly { readonly parameter: FilterParameter; readonly value: string; readonly instant: number }[];
  readonly elementsPerPage: number;
  /** Whether the client asked for a page size (then the links keep it). */
  readonly elementsPerPageGiven: boolean;
  readonly after?: string;
}

// RFC 3339 date-time with a zone (Z or ±hh:mm), as OParl writes them; fractions of a second allowed.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses the list parameters; a value that cannot be understood is refused as invalid input naming the parameter (OParl: "nicht interpretierbarer URL-Parameter"). */
export function parseListQuery(query: Readonly<Record<string, string | undefined>>): ListQuery {
  const errors: { field: string; message: string }[] = [];
  const filters: ListQuery['filters'][number][] = [];
  for (const { parameter } of FILTERS) {
    const raw = query[parameter];
    if (raw === undefined) continue;
    // An unencoded `+` of the offset arrives as a space: `2026-01-01T00:00:00 01:00`.
    const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
    const instant = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(instant)) errors.push({ field: parameter, message: 'muss ein Zeitpunkt mit Zeitzone sein, z. B. 2026-01-01T00:00:00+01:00' });
    else filters.push({ parameter, value, instant });
  }
  const perPage = query.elementsPerPage;
  if (perPage !== undefined && !/^\d{1,6}$/.test(perPage)) errors.push({ field: 'elementsPerPage', message: 'muss eine ganze Zahl sein' });
  const after = query.after;
  if (after !== undefined && (after === '' || after.length > MAX_CURSOR_LENGTH)) errors.push({ field: 'after', message: 'ist keine Listenposition dieses Servers' });
  if (errors.length > 0) throw validationFailed(errors);
  const asked = perPage === undefined ? DEFAULT_ELEMENTS_PER_PAGE : Number(perPage);
  return {
    filters,
    elementsPerPage: Math.min(Math.max(asked, 1), MAX_ELEMENTS_PER_PAGE),
    elementsPerPageGiven: perPage !== undefined,
    ...(after === undefined ? {} : { after }),
  };
}

function passes(entry: ListEntry<unknown>, filter: ListQuery['filters'][number]): boolean {
  const { attribute, bound } = FILTERS.find((f) => f.parameter === filter.parameter) ?? FILTERS[0];
  const stamp = entry[attribute];
  // Objects without the timestamp (the profile's bodies, memberships) are always listed: a client that syncs with
  // modified_since then fetches them again instead of never learning of a change.
  if (stamp === undefined) return true;
  const instant = Date.parse(stamp);
  return bound === 'since' ? instant >= filter.instant : instant <= filter.instant;
}

const byKey = (a: ListEntry<unknown>, b: ListEntry<unknown>): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** One page of the list at `listUrl` (the canonical URL without parameters). */
export function listPage<T>(listUrl: string, entries: readonly ListEntry<T>[], query: ListQuery): OparlList<T> {
  const matching = entries.filter((entry) => query.filters.every((filter) => passes(entry, filter))).sort(byKey);
  const { after } = query;
  const found = after === undefined ? 0 : matching.findIndex((entry) => entry.key > after);
  const start = found < 0 ? matching.length : found;
  const per = query.elementsPerPage;
  const page = matching.slice(start, start + per);
  const base: [string, string | undefined][] = [
    ...query.filters.map((filter): [string, string] => [filter.parameter, filter.value]),
    ['elementsPerPage', query.elementsPerPageGiven ? String(per) : undefined],
  ];
  const last = page.at(-1);
  const more = start + per < matching.length && last !== undefined;
  return {
    data: page.map((entry) => entry.object),
    pagination: { totalElements: matching.length, elementsPerPage: per, currentPage: Math.floor(start / per) + 1, totalPages: Math.max(1, Math.ceil(matching.length / per)) },
    links: {
      first: withQuery(listUrl, base),
      self: withQuery(listUrl, [...base, ['after', after]]),
      ...(more ? { next: withQuery(listUrl, [...base, ['after', last.key]]) } : {}),
    },
  };
}
