/**
 * Builds DOM nodes from data. Text always goes in as text nodes, never as HTML, so names and free text from
 * the API cannot inject markup; the CSP forbids inline scripts and styles besides.
 */
import { formatGerman } from '../core/calendar/german-format.ts';
import { germanDate, TIME_ZONE } from './dates.ts';

type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;
export type Child = Node | string | number | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: readonly Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces the children of the element. */
export function replace(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`element #${id} missing`);
  return element;
}

/** An instant (ISO string) as German date and time in the district's zone, in a <time> element. */
export function timeElement(iso: string, withTime = true): HTMLTimeElement {
  const date = new Date(iso);
  return h('time', { datetime: iso }, Number.isNaN(date.getTime()) ? iso : formatGerman(date, withTime ? 'dateTime' : 'date', TIME_ZONE));
}

/**
 * A calendar date (YYYY-MM-DD: a birthday, the day a report came in) as a German date in a <time> element. It is
 * no instant, so no time zone applies: "04.03.2026" wherever the browser is.
 */
export function dateElement(date: string): HTMLTimeElement {
  return h('time', { datetime: date }, germanDate(date));
}

/**
 * Offers data the page fetched with the bearer token (a calendar entry, a CSV file) as a download: a plain link
 * could not carry the token. The blob: URL is a navigation, which the CSP allows.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the URL is only needed until then.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}
