/**
 * Reopening a closed case on the case page (web/pages/fall.ts): a reason in a labelled text area, the API's error
 * beside it and in the form's summary, and — when it worked — the case read again (it is in monitoring then).
 * Anyone who may open a closed case may reopen it: its former case manager and the coordination.
 */
import type { ReopenAnswer } from '../functions/reopen-case/schema.ts';
import { api } from './api.ts';
import { h } from './dom.ts';
import { clearErrors, failureReport, field, showErrors } from './forms.ts';
import type { RunAction } from './case-page.ts';

const REASON_ID = 'wiedereroeffnen-grund';
const REASON_LABEL = 'Grund der Wiedereröffnung';


export function reopenSection(caseId: string, act: RunAction): HTMLElement {
  const summary = h('div', {});
  const reason = h('textarea', { name: 'reason', rows: 3, required: true });
  const button = h('button', { type: 'submit' }, 'Fall wiedereröffnen');
  const form = h(
    'form',
    { novalidate: true },
    summary,
    field(REASON_ID, REASON_LABEL, reason, 'Pflichtangabe. Bitte ohne Namen oder andere persönliche Angaben: der Grund bleibt im Verlauf des Falls.'),
    h('div', { class: 'aktionen' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    button.disabled = true;
    void act({
      busy: 'Der Fall wird wiedereröffnet.',
      run: async () => {
        await api<ReopenAnswer>('POST', `/api/cases/${encodeURIComponent(caseId)}/reopen`, { reason: reason.value });
        return 'Fall wiedereröffnet. Er ist wieder in der Begleitung; die vorgesehene Löschung entfällt.';
      },
      fail: (error) => {
        showErrors(summary, failureReport(error, (fieldPath) => (fieldPath === 'reason' ? { elementId: REASON_ID, label: REASON_LABEL } : undefined)), { heading: 'h3' });
      },
    }).finally(() => {
      button.disabled = false;
    });
  });
  return h(
    'section',
    {},
    h('h2', {}, 'Wiedereröffnen'),
    h('p', {}, 'Meldet sich die Person wieder, kann der Fall innerhalb der Aufbewahrungsfrist wiedereröffnet werden: die Löschung entfällt, und der Fall kehrt in die Begleitung zurück, bis er erneut abgeschlossen wird.'),
    form,
  );
}
