/**
 * The record of processing activities (Art. 30 DSGVO), generated from the district profile
 * (GET /api/processing-record, core/privacy/processing-record.ts): purposes, legal bases, data categories, each
 * recipient with the fields it receives, providers, roles, processors, retention periods, measures. Printable.
 */
import type { ProcessingRecord } from '../../core/privacy/processing-record.ts';
import { api } from '../api.ts';
import { definitionList, section } from '../case-view.ts';
import { byId, h, replace, type Child } from '../dom.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const list = (items: readonly Child[]): HTMLUListElement => h('ul', {}, ...items.map((item) => h('li', {}, item)));

function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    h('tbody', {}, ...rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), ...rest.map((cell) => h('td', {}, cell))))),
  );
}

function render(record: ProcessingRecord): HTMLElement {
  return h(
    'div',
    { class: 'verzeichnis' },
    h('p', {}, record.title),
    section('Verantwortlicher', definitionList([['Stelle', record.controller.name], ['Anschrift', record.controller.address], ['E-Mail', record.controller.email]])),
    section('Zwecke der Verarbeitung', list(record.purposes)),
    section('Rechtsgrundlagen', list(record.legalBases)),
    section('Betroffene Personen', list(record.dataSubjects)),
    section(
      'Kategorien personenbezogener Daten',
      table('Datenkategorien', ['Kategorie', 'Daten'], record.dataCategories.map((c) => [c.special === true ? `${c.category} – besondere Kategorie` : c.category, c.items.join('; ')])),
    ),
    section(
      'Empfänger: Stellen des Katalogs',
      h('p', {}, 'Jede Stelle erhält Daten nur bei einer Vermittlung und nur mit der Einwilligung der Person für diese Stelle – und nur diese Felder:'),
      table('Empfänger und übermittelte Daten', ['Stelle', 'Art', 'E-Mail', 'Bedarfe', 'Übermittelte Daten'], record.recipients.map((r) => [r.name, r.kind, r.email, r.needCategories.join(', '), r.fields.join(', ')])),
    ),
    section(
      'Träger des Case-Managements',
      table('Träger', ['Träger', 'Art', 'Kommunen', 'Schwerpunkte'], record.providers.map((p) => [p.name, p.kind, p.municipalities, p.focusAreas.join(', ')])),
    ),
    section('Rollen und Zugriffe', table('Rollen', ['Rolle', 'Sieht'], record.roles.map((r) => [r.label, r.sees]))),
    section('Auftragsverarbeiter', table('Auftragsverarbeiter', ['Dienst', 'Anbieter', 'Zweck', 'Ort'], record.processors.map((p) => [p.service, p.name, p.purpose, p.location]))),
    section('Übermittlung in Drittländer', h('p', {}, record.thirdCountries)),
    section('Löschfristen', table('Fristen', ['Was', 'Frist'], record.retention.map((r) => [r.what, `${String(r.days)} Tage`]))),
    section('Technische und organisatorische Maßnahmen (Art. 32 DSGVO)', list(record.measures)),
  );
}

const start = await startPage(['dpo', 'coordinator', 'admin']);
if (start !== undefined) {
  const container = byId('verzeichnis');
  try {
    const record = await api<ProcessingRecord>('GET', '/api/processing-record');
    const print = h('button', { type: 'button' }, 'Drucken oder als PDF speichern');
    print.addEventListener('click', () => {
      window.print();
    });
    replace(byId('steuerung'), print);
    replace(container, render(record));
    setStatus('Das Verzeichnis ist geladen.');
  } catch (error) {
    showFailure(container, error);
  }
}
