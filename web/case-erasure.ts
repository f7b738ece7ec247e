/**
 * Erasure (Art. 17 DSGVO) on the case page (web/pages/fall.ts): for the coordination, a section "Löschen" with the
 * legal basis, the case number typed once more and a clear warning; and for an erased case the page is only its
 * tombstone — "Die Daten dieser Person wurden am … gelöscht (Art. 17 DSGVO, auf Antrag)" — with "Löschung läuft"
 * while the workflow still deletes and tells the services, read again every few seconds until it is done.
 */
import type { CaseSummary } from '../core/casework/read-cases.ts';
import { ERASURE_BASES, ERASURE_BASIS_LABELS } from '../core/privacy/erase-basis.ts';
import type { ErasureAnswerBody } from '../functions/erase-person/schema.ts';
import { actionForm, fieldsOf } from './action-form.ts';
import { api } from './api.ts';
import { germanDateOf } from './dates.ts';
import { h, replace } from './dom.ts';
import { field } from './forms.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { hasRole } from './session.ts';

const BASIS_ID = 'loeschen-grundlage';
const CONFIRM_ID = 'loeschen-fallnummer';
/** How often the page asks whether the erasure's workflow has finished. */
const POLL_MS = 2000;

export function erasureSection(view: CaseView): HTMLElement | undefined {
  if (!hasRole(view.session, 'coordinator')) return undefined;
  const basis = h('select', { name: 'basis', required: true }, h('option', { value: '' }, 'Bitte wählen'), ...ERASURE_BASES.map((b) => h('option', { value: b }, ERASURE_BASIS_LABELS[b].label)));
  const confirm = h('input', { type: 'text', name: 'confirm', required: true, autocomplete: 'off', spellcheck: 'false' });
  const { content, place } = fieldsOf([
    { element: field(BASIS_ID, 'Rechtsgrundlage der Löschung', basis), path: 'basis', id: BASIS_ID, label: 'Rechtsgrundlage der Löschung' },
    {
      element: field(CONFIRM_ID, 'Fallnummer zur Bestätigung', confirm, `Geben Sie ${view.caseId} ein.`),
      path: 'confirm',
      id: CONFIRM_ID,
      label: 'Fallnummer zur Bestätigung',
    },
  ]);
  return section(
    'Löschen (Art. 17 DSGVO)',
    h(
      'p',
      { class: 'hinweis' },
      h('strong', {}, 'Achtung: Die Löschung lässt sich nicht rückgängig machen. '),
      'Gelöscht werden die Angaben zur Person, die Einwilligungen, Kontakte, Notizen, Ziele und die Freitexte der Vermittlungen und des Verlaufs. Der Fall wird beendet, der laufende Ablauf angehalten, und jede Stelle, die Daten erhalten hat, wird benachrichtigt. Es bleiben nur der Nachweis der Löschung (Fallnummer, wann, durch wen, auf welcher Grundlage) und die anonymen Zahlen der Statistik. Ein Widerruf der Einwilligung in die Verarbeitung wird ebenso behandelt.',
    ),
    actionForm({
      run: view.run,
      content,
      place,
      submitLabel: 'Daten der Person endgültig löschen',
      busy: 'Die Daten der Person werden gelöscht.',
      submit: async () => {
        await api<ErasureAnswerBody>('POST', `${casePath(view.caseId)}/erasure`, { basis: basis.value === '' ? undefined : basis.value, confirm: confirm.value });
        return 'Die Löschung wurde begonnen.';
      },
    }),
  );
}

/** The sentence of the tombstone: when and on what basis. */
function erasedSentence(record: CaseSummary, timeZone: string): string {
  const on = germanDateOf(new Date(record.erasedAt ?? record.updatedAt), timeZone);
  const basis = record.erasureBasis === undefined ? '' : `, ${ERASURE_BASIS_LABELS[record.erasureBasis].short}`;
  return `Die Daten dieser Person wurden am ${on} gelöscht (Art. 17 DSGVO${basis}).`;
}

/** The whole page of an erased case: the tombstone, and while the erasure runs, its progress. */
export function tombstoneSection(view: CaseView): HTMLElement {
  const record = view.detail.case;
  const timeZone = view.profile.district.timeZone;
  const progress = h('p', { role: 'status' });
  const showProgress = (current: CaseSummary): void => {
    replace(
      progress,
      current.erasureDoneAt === undefined
        ? 'Löschung läuft: die übrigen Daten werden gelöscht und die Stellen, die Daten erhalten haben, benachrichtigt.'
        : 'Die Löschung ist abgeschlossen; die Stellen, die Daten erhalten haben, sind benachrichtigt.',
    );
  };
  showProgress(record);
  if (record.erasureDoneAt === undefined) {
    const poll = (): void => {
      void api<{ case: CaseSummary }>('GET', casePath(view.caseId))
        .then((detail) => {
          if (detail.case.erasureDoneAt === undefined) setTimeout(poll, POLL_MS);
          else showProgress(detail.case);
        })
        .catch(() => setTimeout(poll, POLL_MS));
    };
    setTimeout(poll, POLL_MS);
  }
  return section(
    'Gelöscht',
    h('p', {}, erasedSentence(record, timeZone)),
    h('dl', { class: 'angaben' }, h('dt', {}, 'Fallnummer'), h('dd', {}, record.caseId), h('dt', {}, 'Gelöscht durch'), h('dd', {}, record.erasedBy ?? '–')),
    progress,
    stuckErasure(view),
  );
}

/** A step of the erasure failed for good (the case is parked): the coordination drives it on by calling it again. */
function stuckErasure(view: CaseView): HTMLElement | undefined {
  const record = view.detail.case;
  if (record.attention === undefined || record.erasureDoneAt !== undefined || !hasRole(view.session, 'coordinator')) return undefined;
  return h(
    'div',
    {},
    h('p', { class: 'hinweis' }, 'Ein Schritt der Löschung ist fehlgeschlagen. Setzen Sie die Löschung fort; was schon gelöscht ist, bleibt gelöscht.'),
    actionForm({
      run: view.run,
      content: [],
      place: {},
      submitLabel: 'Löschung fortsetzen',
      busy: 'Die Löschung wird fortgesetzt.',
      submit: async () => {
        await api<ErasureAnswerBody>('POST', `${casePath(view.caseId)}/erasure`, { basis: record.erasureBasis, confirm: record.caseId });
        return 'Die Löschung wird fortgesetzt.';
      },
    }),
  );
}
