/**
 * Closing a case on the case page, with its evaluation: a coded reason from the profile and the final status of
 * each goal of the support plan still open; then a confirmation, because closing cannot be undone (only a
 * reopening brings the case back). Errors beside the reason and each goal, and in the summary.
 */
import { FINAL_GOAL_STATUSES, GOAL_STATUS_LABELS, type GoalRecord } from '../core/counselling/record.ts';
import type { CloseAnswer } from '../functions/close-case/schema.ts';
import { api } from './api.ts';
import { confirmStep } from './case-page.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { germanDateOf } from './dates.ts';
import { h } from './dom.ts';
import { clearErrors, failureReport, field, showErrors } from './forms.ts';

const REASON_ID = 'abschluss-grund';
const goalFieldId = (goalId: string): string => `abschluss-ziel-${goalId}`;

function goalStatusField(goal: GoalRecord): { element: HTMLElement; select: HTMLSelectElement } {
  const select = h(
    'select',
    { name: `goal-${goal.goalId}` },
    h('option', { value: '' }, 'Bitte wählen'),
    ...FINAL_GOAL_STATUSES.map((status) => h('option', { value: status }, GOAL_STATUS_LABELS[status])),
  );
  return { element: field(goalFieldId(goal.goalId), `Abschließender Stand von Ziel ${goal.goalId}`, select, goal.text), select };
}

export function closureSection(view: CaseView): HTMLElement | undefined {
  if (!view.own || view.detail.case.stage !== 'monitoring') return undefined;
  const openGoals = (view.record?.goals ?? []).filter((goal) => goal.status === 'open');
  const summary = h('div', {});
  const reason = h('select', { name: 'closureReason' }, h('option', { value: '' }, 'Bitte wählen'), ...view.profile.closureReasons.map((r) => h('option', { value: r.id }, r.name)));
  const goalFields = openGoals.map((goal) => ({ goal, ...goalStatusField(goal) }));
  const form = h(
    'form',
    { novalidate: true },
    summary,
    field(REASON_ID, 'Abschlussgrund', reason),
    goalFields.length > 0 &&
      h('fieldset', {}, h('legend', {}, 'Auswertung des Hilfeplans'), h('p', {}, 'Wie ist jedes noch offene Ziel ausgegangen?'), ...goalFields.map((f) => f.element)),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
  });
  const place = (path: string) => {
    if (path === 'closureReason') return { elementId: REASON_ID, label: 'Abschlussgrund' };
    const goal = /^goals\.(Z\d{2})$/.exec(path)?.[1];
    return goal === undefined ? undefined : { elementId: goalFieldId(goal), label: `Ziel ${goal}` };
  };
  const trigger = h('button', { type: 'button', id: 'abschliessen' }, 'Fall abschließen');
  return section(
    'Abschluss',
    h('p', {}, 'Wenn die Begleitung endet, schließen Sie den Fall mit seiner Auswertung ab: danach lässt er sich nur noch lesen, und seine Daten werden nach Ablauf der Aufbewahrungsfrist gelöscht.'),
    form,
    confirmStep({
      trigger,
      question: `Fall ${view.caseId} wirklich abschließen? Das lässt sich nicht rückgängig machen.`,
      confirmLabel: 'Ja, Fall abschließen',
      onConfirm: () => {
        clearErrors(form, summary);
        return view.run({
          busy: 'Der Fall wird abgeschlossen.',
          run: async () => {
            const goals = goalFields.flatMap(({ goal, select }) => (select.value === '' ? [] : [{ goalId: goal.goalId, status: select.value }]));
            const { expiresAt } = await api<CloseAnswer>('POST', `${casePath(view.caseId)}/close`, { ...(reason.value === '' ? {} : { closureReason: reason.value }), goals });
            return `Fall abgeschlossen. Seine Daten werden am ${germanDateOf(new Date(expiresAt * 1000), view.profile.district.timeZone)} gelöscht.`;
          },
          fail: (error) => {
            showErrors(summary, failureReport(error, place), { heading: 'h3' });
          },
        });
      },
    }),
  );
}
