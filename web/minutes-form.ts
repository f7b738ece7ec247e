/**
 * The draft of the minutes as a form (protokoll.html): attendance as checkboxes, then per agenda item the
 * discussion, the decisions and the action items, rows added and removed in place. `collect` gives the whole draft
 * as PUT /api/meetings/{id}/minutes takes it, and where each of its fields sits, so the API's errors
 * (`items.0.actionItems.1.due`) appear beside the right control. Nothing is rebuilt on an error: values stay.
 */
import type { MinutesInput } from '../core/meetings/minutes-input.ts';
import type { ActionOwner, Attendee, MinutesDraft, MinutesItem, TrackedAction } from '../core/meetings/minutes.ts';
import { OPEN_ACTIONS_ITEM } from '../core/meetings/minutes.ts';
import { h, replace } from './dom.ts';
import { choice, field } from './forms.ts';
import { ownerLabel } from './meeting-format.ts';

/** Where an API field is shown: the control's id and its name in the error summary. */
export type FieldPlaces = Map<string, { readonly elementId: string; readonly label: string }>;

export interface MinutesFormParts {
  /** The fieldsets of the draft, to go inside the page's form. */
  readonly sections: readonly HTMLElement[];
  collect(): { readonly input: Omit<MinutesInput, 'version'>; readonly places: FieldPlaces };
}

export interface MinutesFormOptions {
  readonly editable: boolean;
  readonly owners: readonly ActionOwner[];
  /** The open action items listed under OPEN_ACTIONS_ITEM, each with its own button (or none). */
  readonly openActions: (actions: readonly TrackedAction[]) => HTMLElement;
  readonly openActionItems: readonly TrackedAction[];
}

let counter = 0;
const nextId = (prefix: string): string => {
  counter += 1;
  return `${prefix}-${String(counter)}`;
};

function attendanceSection(attendance: readonly Attendee[], places: () => FieldPlaces): { element: HTMLElement; read: () => MinutesInput['attendance'] } {
  const boxes = attendance.map((attendee) => ({ attendee, input: h('input', { type: 'checkbox', id: nextId('anwesend'), checked: attendee.present }) }));
  const group = (kind: Attendee['kind'], legend: string): HTMLElement | false => {
    const mine = boxes.filter((box) => box.attendee.kind === kind);
    return mine.length > 0 && h('fieldset', {}, h('legend', {}, legend), ...mine.map((box) => choice(box.input, h('span', { dir: 'auto' }, box.attendee.name))));
  };
  const element = h(
    'fieldset',
    { class: 'anwesenheit' },
    h('legend', {}, 'Anwesenheit'),
    h('p', { class: 'hilfe' }, 'Angehakt: anwesend. Wer zugesagt hat, ist vorausgewählt.'),
    group('member', 'Mitglieder'),
    group('guest', 'Gäste'),
    attendance.length === 0 && h('p', {}, 'Zu dieser Sitzung ist niemand eingeladen.'),
  );
  return {
    element,
    read: () =>
      boxes.map((box, i) => {
        for (const name of ['email', 'present']) places().set(`attendance.${String(i)}.${name}`, { elementId: box.input.id, label: `Anwesenheit ${box.attendee.name}` });
        return { email: box.attendee.email, present: box.input.checked };
      }),
  };
}

/** A growing list of rows (decisions or action items) with an add button; rows number themselves. */
interface RowList<T> {
  readonly element: HTMLElement;
  read: (at: string, label: string, places: FieldPlaces) => T[];
}

interface Row<T> {
  readonly element: HTMLElement;
  readonly focus: HTMLElement;
  renumber: (n: number) => void;
  read: (at: string, label: string, places: FieldPlaces) => T;
}

function rowList<T>(legend: string, addLabel: string, empty: string, editable: boolean, makeRow: () => Row<T>, initial: readonly Row<T>[]): RowList<T> {
  const rows: Row<T>[] = [...initial];
  const list = h('div', { class: 'zeilen' });
  const none = h('p', { class: 'hilfe' }, empty);
  const fieldset = h('fieldset', { id: nextId('liste'), class: 'feld' }, h('legend', {}, legend));
  const refresh = (): void => {
    rows.forEach((row, i) => {
      row.renumber(i + 1);
    });
    replace(list, ...(rows.length === 0 ? [none] : rows.map((row) => row.element)));
  };
  const add = h('button', { type: 'button', class: 'secondary' }, addLabel);
  const withRemove = (row: Row<T>): Row<T> => {
    if (!editable) return row;
    const remove = h('button', { type: 'button', class: 'secondary' }, 'Entfernen', h('span', { class: 'visually-hidden' }, ` (${legend})`));
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      refresh();
      add.focus();
    });
    row.element.append(h('div', { class: 'aktionen' }, remove));
    return row;
  };
  rows.splice(0, rows.length, ...rows.map(withRemove));
  add.addEventListener('click', () => {
    const row = withRemove(makeRow());
    rows.push(row);
    refresh();
    row.focus.focus();
  });
  refresh();
  fieldset.append(list);
  if (editable) fieldset.append(h('div', { class: 'aktionen' }, add));
  return {
    element: fieldset,
    read: (at, label, places) => {
      places.set(at, { elementId: fieldset.id, label });
      return rows.map((row, j) => row.read(`${at}.${String(j)}`, `${label} ${String(j + 1)}`, places));
    },
  };
}

function decisionRow(decisionId?: string, text = ''): Row<MinutesInput['items'][number]['decisions'][number]> {
  const textarea = h('textarea', { rows: 2, required: true });
  textarea.value = text;
  const wrapper = field(nextId('beschluss'), 'Beschluss', textarea);
  const element = h('div', { class: 'zeile' }, wrapper);
  return {
    element,
    focus: textarea,
    renumber: (n) => {
      const label = wrapper.querySelector('label');
      if (label !== null) label.textContent = `Beschluss ${String(n)}`;
    },
    read: (at, label, places) => {
      for (const name of ['text', 'decisionId']) places.set(`${at}.${name}`, { elementId: textarea.id, label });
      return { ...(decisionId === undefined ? {} : { decisionId }), text: textarea.value.trim() };
    },
  };
}

function actionRow(owners: readonly ActionOwner[], action?: MinutesItem['actionItems'][number]): Row<MinutesInput['items'][number]['actionItems'][number]> {
  const what = h('textarea', { rows: 2, required: true });
  what.value = action?.what ?? '';
  // The owner stays choosable even if they are no longer invited, so saving keeps what was written.
  const choices = action !== undefined && !owners.some((o) => o.email.toLowerCase() === action.owner.email.toLowerCase()) ? [...owners, action.owner] : owners;
  const who = h('select', { required: true }, h('option', { value: '' }, 'Bitte wählen'), ...choices.map((owner) => h('option', { value: owner.email }, ownerLabel(owner))));
  who.value = action?.owner.email ?? '';
  const due = h('input', { type: 'date', required: true });
  due.value = action?.due ?? '';
  const legend = h('legend', {}, 'Aufgabe');
  const element = h('fieldset', { class: 'zeile aufgabe' }, legend, field(nextId('was'), 'Was', what), field(nextId('wer'), 'Wer', who), field(nextId('bis'), 'Bis', due));
  return {
    element,
    focus: what,
    renumber: (n) => {
      legend.textContent = `Aufgabe ${String(n)}`;
    },
    read: (at, label, places) => {
      const controls = { what: [what, 'Was'], ownerEmail: [who, 'Wer'], due: [due, 'Bis'], actionId: [what, 'Was'] } as const;
      for (const [name, [control, text]] of Object.entries(controls)) places.set(`${at}.${name}`, { elementId: control.id, label: `${label}, ${text}` });
      return { ...(action === undefined ? {} : { actionId: action.actionId }), what: what.value.trim(), ownerEmail: who.value, due: due.value };
    },
  };
}

function itemSection(item: MinutesItem, index: number, options: MinutesFormOptions): { element: HTMLElement; read: (places: FieldPlaces) => MinutesInput['items'][number] } {
  const name = `TOP ${String(index + 1)}`;
  const discussion = h('textarea', { rows: 4 });
  discussion.value = item.discussion;
  const discussionField = field(nextId('verlauf'), 'Verlauf in Kürze (freiwillig)', discussion);
  const decisions = rowList(`Beschlüsse zu ${name}`, 'Beschluss hinzufügen', 'Noch keine Beschlüsse.', options.editable, () => decisionRow(), item.decisions.map((d) => decisionRow(d.decisionId, d.text)));
  const actions = rowList(`Aufgaben aus ${name}`, 'Aufgabe hinzufügen', 'Noch keine Aufgaben.', options.editable, () => actionRow(options.owners), item.actionItems.map((a) => actionRow(options.owners, a)));
  const element = h(
    'fieldset',
    { class: 'top' },
    h('legend', { dir: 'auto' }, `${name}: ${item.title}`),
    item.itemId === OPEN_ACTIONS_ITEM && options.openActions(options.openActionItems),
    discussionField,
    decisions.element,
    actions.element,
  );
  return {
    element,
    read: (places) => {
      const at = `items.${String(index)}`;
      for (const key of [at, `${at}.itemId`, `${at}.discussion`]) places.set(key, { elementId: discussion.id, label: `${name}, Verlauf` });
      const text = discussion.value.trim();
      return {
        itemId: item.itemId,
        ...(text === '' ? {} : { discussion: text }),
        decisions: decisions.read(`${at}.decisions`, `${name}, Beschluss`, places),
        actionItems: actions.read(`${at}.actionItems`, `${name}, Aufgabe`, places),
      };
    },
  };
}

/** The draft's fieldsets; read-only (disabled, without add and remove buttons) unless `editable`. */
export function minutesFormParts(draft: MinutesDraft, options: MinutesFormOptions): MinutesFormParts {
  let places: FieldPlaces = new Map();
  const attendance = attendanceSection(draft.attendance, () => places);
  const items = draft.items.map((item, index) => itemSection(item, index, options));
  return {
    sections: [attendance.element, ...items.map((item) => item.element)],
    collect: () => {
      places = new Map();
      const input = { attendance: attendance.read(), items: items.map((item) => item.read(places)) };
      return { input, places };
    },
  };
}
