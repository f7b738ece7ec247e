/**
 * Notes on the case page, on two levels: ordinary notes (the case manager and the coordination) and psychosocial
 * notes — health data, shown and written only for the case's own case manager, in a list of their own that says
 * so. The coordination's page never asks for them (the API would refuse it).
 */
import type { CaseRecordView } from '../core/counselling/case-record.ts';
import type { NoteLevel, NoteRecord } from '../core/counselling/record.ts';
import { actionForm, fieldsOf } from './action-form.ts';
import { api } from './api.ts';
import { actorLabel } from './case-history.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { h, timeElement } from './dom.ts';
import { choice, field } from './forms.ts';
import { moreButton, recordPage } from './paged-list.ts';

const LEVEL_LABELS: Readonly<Record<NoteLevel, string>> = { ordinary: 'Notiz', psychosocial: 'Psychosoziale Notiz (nur für Sie)' };

function noteForm(view: CaseView): HTMLFormElement {
  const levels: readonly NoteLevel[] = view.own ? ['ordinary', 'psychosocial'] : ['ordinary'];
  const text = h('textarea', { name: 'text', rows: 4, maxlength: 4000, required: true });
  const levelGroup = h(
    'fieldset',
    { class: 'feld', id: 'notiz-art' },
    h('legend', {}, 'Art der Notiz'),
    ...levels.map((level) => choice(h('input', { type: 'radio', id: `notiz-art-${level}`, name: 'level', value: level, checked: level === 'ordinary' }), LEVEL_LABELS[level])),
  );
  return actionForm({
    run: view.run,
    ...fieldsOf([
      ...(levels.length > 1 ? [{ element: levelGroup, path: 'level', id: 'notiz-art', label: 'Art der Notiz' }] : []),
      {
        element: field('notiz-text', 'Text der Notiz', text, view.own ? 'Psychosoziale Notizen sieht nur das Case-Management dieses Falls – nicht die Koordination, in keinem Export.' : 'Die Notiz sehen das Case-Management des Falls und die Koordination.'),
        path: 'text',
        id: 'notiz-text',
        label: 'Text der Notiz',
      },
    ]),
    submitLabel: 'Notiz speichern',
    busy: 'Die Notiz wird gespeichert.',
    submit: async () => {
      const level = levelGroup.querySelector<HTMLInputElement>('input:checked')?.value ?? 'ordinary';
      await api('POST', `${casePath(view.caseId)}/notes`, { level, text: text.value });
      return level === 'psychosocial' ? 'Psychosoziale Notiz gespeichert.' : 'Notiz gespeichert.';
    },
  });
}

const noteItem = (view: CaseView, note: NoteRecord): HTMLLIElement =>
  h('li', {}, h('p', { class: 'notiz-kopf' }, timeElement(note.createdAt), ` – ${actorLabel(note.author, view.session.userId)}`), h('bdi', { class: 'mehrzeilig' }, note.text));

function noteList(view: CaseView, title: string, list: 'notes' | 'psychosocialNotes', page: CaseRecordView['notes'], empty: string): HTMLElement {
  const items = h('ul', {}, ...page.items.map((note) => noteItem(view, note)));
  return h(
    'div',
    { class: 'notizen' },
    h('h3', {}, title),
    page.items.length === 0 ? h('p', {}, empty) : items,
    moreButton(page.next, {
      label: list === 'notes' ? 'Ältere Notizen anzeigen' : 'Ältere psychosoziale Notizen anzeigen',
      load: async (cursor) => (await recordPage<CaseRecordView>(casePath(view.caseId), list, cursor))[list] ?? { items: [] },
      append: (notes) => {
        items.append(...notes.map((note) => noteItem(view, note)));
      },
    }),
  );
}

export function notesSection(view: CaseView): HTMLElement | undefined {
  const { record } = view;
  if (record === undefined) return undefined;
  const writable = view.detail.case.stage !== 'closed';
  return section(
    'Notizen',
    noteList(view, 'Notizen', 'notes', record.notes, 'Noch keine Notizen.'),
    record.psychosocialNotes !== undefined && noteList(view, 'Psychosoziale Notizen (nur für Sie sichtbar)', 'psychosocialNotes', record.psychosocialNotes, 'Noch keine psychosozialen Notizen.'),
    writable && h('details', { class: 'erfassen' }, h('summary', {}, 'Neue Notiz schreiben'), noteForm(view)),
  );
}
