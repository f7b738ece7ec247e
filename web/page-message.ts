/**
 * The message area of the meeting pages (`#meldung`): what a change did, or why it failed, with the focus moved
 * there, since the content below was rebuilt; the focus makes screen readers read it (a live region as well would
 * read it twice).
 */
import { byId, h, replace } from './dom.ts';
import { showFailure } from './shell.ts';

export function announce(text: string): void {
  const message = h('div', { class: 'erfolg', tabindex: -1 }, h('p', {}, text));
  replace(byId('meldung'), message);
  message.focus();
}

export function fail(error: unknown): void {
  const container = byId('meldung');
  showFailure(container, error);
  const alert = container.querySelector<HTMLElement>('[role="alert"]');
  alert?.setAttribute('tabindex', '-1');
  alert?.focus();
}
