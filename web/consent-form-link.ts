/** The link to a service's printable consent form (web/pages/einwilligung.ts), beside each consent on the case page. */
import { h } from './dom.ts';

export function consentFormLink(caseId: string, service: { readonly id: string; readonly name: string }): HTMLAnchorElement {
  const query = new URLSearchParams({ fall: caseId, stelle: service.id });
  return h('a', { class: 'einwilligungsformular', href: `/einwilligung.html?${query.toString()}` }, `Einwilligungsformular drucken (${service.name})`);
}
