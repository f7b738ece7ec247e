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

/** Reads a page of the case record, continuing the list `list` after `cursor`. */
export const recordPage = <T>(path: string, list: string, cursor: string): Promise<T> => api<T>('GET', `${path}/record?${list}=${encodeURIComponent(cursor)}`);
