/**
 * Builds DOM nodes from data. Text always goes in as text nodes, never as HTML, so names and free text from
 * the API cannot inject markup; the CSP forbids inline scripts and styles besides.
 */
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

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });
const dateOnly = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' });

/** An instant (ISO string) as German date and time in Europe/Berlin, in a <time> element. */
export function timeElement(iso: string, withTime = true): HTMLTimeElement {
  const date = new Date(iso);
  return h('time', { datetime: iso }, Number.isNaN(date.getTime()) ? iso : (withTime ? dateTime : dateOnly).format(date));
}
