/**
 * Beratungskontakte on the case page: the case manager logs a contact in a few seconds — today, 30 minutes,
 * persönlich and no interpreter are preset, the case's needs are the topics to tick — and everyone who may read the
 * case sees the list, newest first, a page at a time.
 */
import { localDate } from '../core/calendar/local-date.ts';
import { germanName } from '../core/intake/client-labels.ts';
import { CONTACT_FORM_LABELS, CONTACT_FORMS, type ContactRecord } from '../core/counselling/record.ts';
import type { CaseRecordView } from '../core/counselling/case-record.ts';
import { actionForm, fieldsOf } from './action-form.ts';
import { api } from './api.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { dateElement, h } from './dom.ts';
import { moreButton, recordPage } from './paged-list.ts';
import { choice, field } from './forms.ts';
import { nameIn } from './public-profile.ts';

const DEFAULT_MINUTES = '30';

function contactForm(view: CaseView): HTMLFormElement {
  const { profile } = view;
  const today = localDate(new Date(), profile.district.timeZone);
  const date = h('input', { type: 'date', name: 'date', value: today, max: today, required: true });
  const minutes = h('input', { type: 'number', name: 'durationMinutes', value: DEFAULT_MINUTES, min: 1, max: 600, step: 5, inputmode: 'numeric', required: true });
  const form = h('select', { name: 'form' }, ...CONTACT_FORMS.map((value) => h('option', { value, selected: value === 'in-person' }, CONTACT_FORM_LABELS[value])));
  const languages = view.detail.client?.languages ?? [];
  const interpreter = h(
    'select',
    { name: 'interpreterLanguage' },
    h('option', { value: '' }, 'Ohne Dolmetschung'),
    ...languages.map((code) => h('option', { value: code }, `Ja – ${germanName('language', code)}`)),
  );
  const topics = h(
    'fieldset',
    { class: 'feld', id: 'kontakt-themen' },
    h('legend', {}, 'Besprochene Bedarfe'),
    ...view.detail.case.needCategories.map((id) => choice(h('input', { type: 'checkbox', id: `kontakt-thema-${id}`, name: 'needCategories', value: id }), nameIn(profile.needCategories, id))),
  );
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 500 });
  return actionForm({
    run: view.run,
    className: 'kontakt-formular',
    ...fieldsOf([
      { element: field('kontakt-datum', 'Datum', date), path: 'date', id: 'kontakt-datum', label: 'Datum' },
      { element: field('kontakt-dauer', 'Dauer in Minuten', minutes), path: 'durationMinutes', id: 'kontakt-dauer', label: 'Dauer in Minuten' },
      { element: field('kontakt-form', 'Form', form), path: 'form', id: 'kontakt-form', label: 'Form' },
      { element: field('kontakt-dolmetschung', 'Dolmetschung', interpreter), path: 'interpreterLanguage', id: 'kontakt-dolmetschung', label: 'Dolmetschung' },
      { element: topics, path: 'needCategories', id: 'kontakt-themen', label: 'Besprochene Bedarfe' },
      {
        element: field('kontakt-notiz', 'Kurze Notiz (freiwillig)', note, 'Höchstens 500 Zeichen. Gesundheitliches gehört in eine psychosoziale Notiz.'),
        path: 'note',
        id: 'kontakt-notiz',
        label: 'Kurze Notiz',
      },
    ]),
    submitLabel: 'Kontakt erfassen',
    busy: 'Der Kontakt wird gespeichert.',
    submit: async () => {
      const needCategories = [...topics.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
      const text = note.value.trim();
      await api('POST', `${casePath(view.caseId)}/contacts`, {
        date: date.value,
        // Not a number (empty field): sent as it is, so the API names the field.
        durationMinutes: minutes.value === '' ? minutes.value : Number(minutes.value),
        form: form.value,
        ...(interpreter.value === '' ? {} : { interpreterLanguage: interpreter.value }),
        needCategories,
        ...(text === '' ? {} : { note: text }),
      });
      return `Kontakt vom ${date.value.split('-').reverse().join('.')} erfasst.`;
    },
  });
}

function contactRows(view: CaseView, contacts: readonly ContactRecord[]): HTMLTableRowElement[] {
  return contacts.map((contact) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, dateElement(contact.date)),
      h('td', {}, `${String(contact.durationMinutes)} Min.`),
      h('td', {}, CONTACT_FORM_LABELS[contact.form]),
      h('td', {}, contact.interpreterLanguage === undefined ? 'nein' : germanName('language', contact.interpreterLanguage)),
      h('td', {}, contact.needCategories.map((id) => nameIn(view.profile.needCategories, id)).join(', ')),
      h('td', {}, contact.note === undefined ? '' : h('bdi', { class: 'mehrzeilig' }, contact.note)),
    ),
  );
}

/** The list with "Ältere Kontakte anzeigen" while there are more: each further page is a read of its own (audited). */
function contactList(view: CaseView, first: CaseRecordView['contacts']): HTMLElement {
  const headers = ['Datum', 'Dauer', 'Form', 'Dolmetschung', 'Bedarfe', 'Notiz'];
  const body = h('tbody', {}, ...contactRows(view, first.items));
  return h(
    'div',
    {},
    h('table', {}, h('caption', {}, 'Erfasste Kontakte, die neuesten zuerst'), h('thead', {}, h('tr', {}, ...headers.map((text) => h('th', { scope: 'col' }, text)))), body),
    moreButton(first.next, {
      label: 'Ältere Kontakte anzeigen',
      load: async (cursor) => (await recordPage<CaseRecordView>(casePath(view.caseId), 'contacts', cursor)).contacts,
      append: (items) => {
        body.append(...contactRows(view, items));
      },
    }),
  );
}

export function contactsSection(view: CaseView): HTMLElement | undefined {
  const { record } = view;
  if (record === undefined) return undefined;
  const writable = view.own && view.detail.case.stage !== 'closed';
  return section(
    'Beratungskontakte',
    record.contacts.items.length === 0 ? h('p', {}, 'Noch keine Kontakte erfasst.') : contactList(view, record.contacts),
    writable && h('details', { class: 'erfassen' }, h('summary', {}, 'Neuen Kontakt erfassen'), contactForm(view)),
  );
}
