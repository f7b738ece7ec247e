/**
 * The latest released edition on the minutes page, as the mailed document shows it (the same outline,
 * core/meetings/minutes-document.ts), built from DOM nodes; protokoll.css prints only this part.
 */
import type { MinutesOutline, MinutesTable } from '../core/meetings/minutes-document.ts';
import { h } from './dom.ts';

const rowsTable = (caption: string, rows: readonly (readonly [string, string])[]): HTMLElement =>
  h('table', { class: 'fakten' }, h('caption', {}, caption), h('tbody', {}, ...rows.map(([label, value]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { dir: 'auto' }, value)))));

const table = (t: MinutesTable): HTMLElement =>
  h(
    'table',
    {},
    h('caption', {}, t.caption),
    h('thead', {}, h('tr', {}, ...t.columns.map((column) => h('th', { scope: 'col' }, column)))),
    h('tbody', {}, ...t.rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', { dir: 'auto', class: 'mehrzeilig' }, cell))))),
  );

/** The outline as an article with h3/h4 headings: it sits in an h2 section of the page. */
export function printedMinutes(outline: MinutesOutline): HTMLElement {
  return h(
    'article',
    { class: 'druckfassung', 'aria-labelledby': 'druck-titel' },
    outline.district !== '' && h('p', { class: 'kopfzeile' }, outline.district),
    h('h3', { id: 'druck-titel', dir: 'auto' }, outline.title),
    rowsTable('Sitzung', outline.facts),
    ...outline.attendance.map((group) => rowsTable(group.heading, group.rows)),
    ...outline.parts.map((part) =>
      h(
        'section',
        {},
        h('h4', { dir: 'auto' }, part.heading),
        part.discussion !== '' && h('p', { dir: 'auto', class: 'mehrzeilig' }, part.discussion),
        part.decisions.length > 0 && h('ul', {}, ...part.decisions.map((decision) => h('li', { dir: 'auto', class: 'mehrzeilig' }, h('strong', {}, 'Beschluss:'), ` ${decision}`))),
        ...part.tables.filter((t) => t.rows.length > 0).map(table),
        part.discussion === '' && part.decisions.length === 0 && part.tables.length === 0 && h('p', {}, 'Keine Einträge.'),
      ),
    ),
  );
}
