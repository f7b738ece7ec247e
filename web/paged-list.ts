/**
 * "Show older entries" under a list that the API answers a page at a time (the case record's contacts and notes):
 * a button while there is a next page; each click reads the next page and appends it. A failed read says so and
 * keeps the button, so nothing becomes unreachable.
 */
import { api } from './api.ts';
import { h, replace } from './dom.ts';

export interface Paged<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

export interface MoreButtonOptions<T> {
  readonly label: string;
  /** The page after `cursor`, read from the API. */
  readonly load: (cursor: string) => Promise<Paged<T>>;
  readonly append: (items: readonly T[]) => void;
}

export function moreButton<T>(first: string | undefined, options: MoreButtonOptions<T>): HTMLElement {
  const host = h('div', { class: 'weitere' });
  const show = (next: string | undefined, problem?: string): void => {
    if (next === undefined) {
      replace(host);
      return;
    }
    const button = h('button', { type: 'button', class: 'secondary' }, options.label);
    button.addEventListener('click', () => {
      button.disabled = true;
      options
        .load(next)
        .then((page) => {
          options.append(page.items);
          show(page.next);
        })
        .catch(() => {
          show(next, 'Weitere Einträge konnten nicht geladen werden. Bitte versuchen Sie es noch einmal.');
        });
    });
    replace(host, problem !== undefined && h('p', { class: 'hinweis', role: 'status' }, problem), button);
  };
  show(first);
  return host;
}

export interface MoreRowsOptions<T> {
  /** The API's page of cases after `cursor`. */
  readonly load: (cursor: string) => Promise<{ readonly cases: readonly T[]; readonly next?: string }>;
  readonly body: HTMLTableSectionElement;
  readonly row: (item: T) => HTMLTableRowElement;
  /** After the rows are in: update counts (`more`: another page follows) and say how many came. */
  readonly appended: (items: readonly T[], more: boolean) => void;
}

/** "Weitere laden" under a table of cases: appends each next page's rows; reading goes on at the first new row's link (the button is replaced or gone). */
export function moreRowsButton<T>(first: string | undefined, options: MoreRowsOptions<T>): HTMLElement {
  let more = first !== undefined;
  return moreButton(first, {
    label: 'Weitere laden',
    load: async (cursor) => {
      const page = await options.load(cursor);
      more = page.next !== undefined;
      return { items: page.cases, ...(page.next === undefined ? {} : { next: page.next }) };
    },
    append: (items) => {
      const rows = items.map(options.row);
      options.body.append(...rows);
      options.appended(items, more);
      rows[0]?.querySelector('a')?.focus();
    },
  });
}

/** Reads a page of the case record, continuing the list `list` after `cursor`. */
export const recordPage = <T>(path: string, list: string, cursor: string): Promise<T> => api<T>('GET', `${path}/record?${list}=${encodeURIComponent(cursor)}`);
