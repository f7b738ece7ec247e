/**
 * "Übergeben" on the case page (web/pages/fall.ts), for the coordination: the case goes to another case manager of a
 * provider covering its municipality and focus area — one chosen from the list (least loaded first) or the least
 * loaded one automatically —, with a reason. The API's errors beside the fields; afterwards the case is read again
 * (its case manager and history show the hand-over).
 */
import type { HandOverAnswer } from '../functions/hand-over-case/schema.ts';
import type { HandOverTargetsAnswer } from '../functions/list-handover-targets/schema.ts';
import { api } from './api.ts';
import { casePath, type CaseView } from './case-view.ts';
import { h, replace } from './dom.ts';
import { clearErrors, failureReport, showErrors } from './forms.ts';
import { handoverFields } from './handover-form.ts';
import { hasRole } from './session.ts';

const HANDED_OVER_STAGES: readonly string[] = ['assigned', 'awaiting-assessment', 'referring', 'monitoring'];

export function handoverSection(view: CaseView): HTMLElement | undefined {
  const { caseManagerId, stage } = view.detail.case;
  if (!hasRole(view.session, 'coordinator') || caseManagerId === undefined || !HANDED_OVER_STAGES.includes(stage)) return undefined;
  const body = h('div', {}, h('p', {}, 'Wer den Fall übernehmen kann, wird geladen …'));
  void api<HandOverTargetsAnswer>('GET', `${casePath(view.caseId)}/handover`)
    .then((answer) => {
      replace(body, form(view, caseManagerId, answer));
    })
    .catch(() => {
      replace(body, h('p', { class: 'hinweis' }, 'Wer den Fall übernehmen kann, ließ sich nicht laden. Bitte laden Sie die Seite neu.'));
    });
  return h(
    'section',
    // The target of "Zur Übergabe" on a case marked after a change of municipality (web/case-attention.ts).
    { id: 'uebergabe' },
    h('h2', {}, 'Übergeben'),
    h(
      'p',
      {},
      'Die Koordination kann den Fall an eine andere Person im Case-Management übergeben, deren Träger die Kommune und den Schwerpunkt des Falls abdeckt. ' +
        'Ein laufender Schritt (Bedarfsklärung, Rückmeldungen, Abschluss) wartet dann auf die neue Person; sie wird per E-Mail informiert.',
    ),
    body,
  );
}

function form(view: CaseView, from: string, answer: HandOverTargetsAnswer): HTMLElement {
  const summary = h('div', {});
  const fields = handoverFields('uebergeben', answer.targets, view.profile, 'Nur Personen, deren Träger Kommune und Schwerpunkt des Falls abdeckt; die mit den wenigsten offenen Fällen zuerst.');
  const button = h('button', { type: 'submit' }, 'Fall übergeben');
  const element = h('form', { novalidate: true }, summary, ...fields.elements, h('div', { class: 'aktionen' }, button));
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(element, summary);
    button.disabled = true;
    void view
      .run({
        busy: 'Der Fall wird übergeben.',
        run: async () => {
          const done = await api<HandOverAnswer>('POST', `${casePath(view.caseId)}/handover`, { from, target: fields.target.value, reason: fields.reason.value });
          const name = answer.targets.find((t) => t.staffId === done.caseManagerId)?.name ?? done.caseManagerId;
          return done.handedOver ? `Fall an ${name} übergeben; ${name} wurde per E-Mail informiert.` : `Der Fall war bereits bei ${name}.`;
        },
        fail: (error) => {
          showErrors(summary, failureReport(error, fields.place), { heading: 'h3' });
        },
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return element;
}
