/**
 * "Verarbeitung einschränken" (the data protection officer only): a case by its number — its stage and whether it
 * is restricted, never the person's data (GET /api/cases/{id}/restriction) — restricted with a ground of Art. 18 (1)
 * DSGVO or the restriction lifted (POST, core/casework/restrict-case.ts). Errors beside their field and in the form's
 * summary; what happened is said in the message area.
 */
import { RESTRICTION_GROUND_LABELS, RESTRICTION_GROUNDS } from '../../core/casework/restrict-case-input.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { RestrictionAnswer, RestrictionStatusAnswer } from '../../functions/restrict-case/schema.ts';
import { api, ApiFailure } from '../api.ts';
import { clearMessage, showSuccess } from '../case-page.ts';
import { definitionList, section } from '../case-view.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { clearErrors, failureReport, field, showErrors } from '../forms.ts';
import { setStatus, startPage } from '../shell.ts';

const CASE_NUMBER = { elementId: 'sperre-fallnummer', label: 'Fallnummer' };
const REASON = { elementId: 'sperre-grund', label: 'Grund (Art. 18 Abs. 1 DSGVO)' };

const restrictionPath = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId.trim().toUpperCase())}/restriction`;

/** A form whose call's errors go beside its fields and into its summary; `submit` resolves when it worked. */
function wireForm(form: HTMLFormElement, summary: HTMLElement, busy: string, submit: () => Promise<void>): void {
  const button = form.querySelector('button');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    clearMessage(byId('meldung'));
    if (button !== null) button.disabled = true;
    setStatus(busy);
    submit()
      .catch((error: unknown) => {
        setStatus('');
        showErrors(summary, failureReport(error, (name) => (name === 'reason' ? REASON : name === 'id' ? CASE_NUMBER : undefined)), { heading: 'h3' });
      })
      .finally(() => {
        if (button !== null) button.disabled = false;
      });
  });
}

function restrictionText(status: RestrictionStatusAnswer): HTMLElement | string {
  if (status.restrictedAt === undefined) return 'nicht eingeschränkt';
  const reason = status.reason === undefined ? '' : ` – ${RESTRICTION_GROUND_LABELS[status.reason]}`;
  return h('span', {}, 'eingeschränkt seit ', timeElement(status.restrictedAt), ` durch ${status.restrictedBy ?? '–'}${reason}`);
}

/** The case's stage and block, and the one action that applies: restrict (with a ground) or lift. */
function showCase(status: RestrictionStatusAnswer): void {
  const summary = h('div', {});
  const restricted = status.restrictedAt !== undefined;
  const reason = h('select', { name: 'reason', required: true }, h('option', { value: '' }, 'Bitte wählen'), ...RESTRICTION_GROUNDS.map((ground) => h('option', { value: ground }, RESTRICTION_GROUND_LABELS[ground])));
  const form = h(
    'form',
    { novalidate: true },
    summary,
    !restricted && field(REASON.elementId, REASON.label, reason, 'Nur für den Datenschutz sichtbar; der Verlauf des Falls zeigt ihn nicht.'),
    h('div', { class: 'aktionen' }, h('button', { type: 'submit' }, restricted ? 'Einschränkung aufheben' : 'Verarbeitung einschränken')),
  );
  wireForm(form, summary, restricted ? 'Die Einschränkung wird aufgehoben.' : 'Die Verarbeitung wird eingeschränkt.', async () => {
    const answer = await api<RestrictionAnswer>('POST', restrictionPath(status.caseId), restricted ? { action: 'lift' } : { action: 'restrict', reason: reason.value });
    showCase(answer);
    setStatus('');
    const done = restricted
      ? `Einschränkung aufgehoben: Fall ${answer.caseId} läuft ab der Phase „${STAGE_LABELS[answer.stage]}“ weiter.`
      : `Fall ${answer.caseId} gesperrt: niemand außer dem Datenschutz kann ihn lesen, kein Arbeitsschritt läuft weiter.`;
    showSuccess(byId('meldung'), answer.changed ? done : `Nichts geändert: Fall ${answer.caseId} war bereits ${restricted ? 'frei' : 'gesperrt'}.`);
  });
  replace(
    byId('fallstand'),
    section(
      `Fall ${status.caseId}`,
      definitionList([
        ['Phase', STAGE_LABELS[status.stage]],
        ['Verarbeitung', restrictionText(status)],
      ]),
      form,
    ),
  );
}

function lookupForm(): HTMLFormElement {
  const summary = h('div', {});
  const caseNumber = h('input', { type: 'text', name: 'caseNumber', autocomplete: 'off', spellcheck: false, required: true });
  const form = h(
    'form',
    { novalidate: true, 'aria-label': 'Fall aufrufen' },
    summary,
    field(CASE_NUMBER.elementId, CASE_NUMBER.label, caseNumber, 'Zum Beispiel KIM-2026-7QK3M2XD.'),
    h('div', { class: 'aktionen' }, h('button', { type: 'submit' }, 'Fall anzeigen')),
  );
  wireForm(form, summary, 'Der Fall wird geladen.', async () => {
    replace(byId('fallstand'));
    // An empty number would ask for no case at all: said at the field, like the API's errors.
    if (caseNumber.value.trim() === '') throw new ApiFailure(400, 'Die Eingaben sind unvollständig oder fehlerhaft.', [{ field: 'id', message: 'bitte eine Fallnummer angeben' }]);
    showCase(await api<RestrictionStatusAnswer>('GET', restrictionPath(caseNumber.value)));
    setStatus('Fall geladen.');
  });
  return form;
}

if ((await startPage(['dpo'])) !== undefined) replace(byId('sperre'), lookupForm());
