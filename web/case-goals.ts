/**
 * The support plan (Hilfeplan) on the case page: the goals agreed with the person — what, for which need, by when,
 * who does what — with their status, reviewed in monitoring. The case manager agrees new goals and reviews each one
 * (a status, or a later target date); an open goal past its target date is marked overdue (the workflow reminds
 * the case manager too).
 */
import { localDate } from '../core/calendar/local-date.ts';
import { GOAL_STATUS_LABELS, GOAL_STATUSES, isGoalOverdue, type GoalRecord } from '../core/counselling/record.ts';
import { actionForm, fieldsOf } from './action-form.ts';
import { api } from './api.ts';
import { OVERDUE } from './case-labels.ts';
import { marksElement } from './case-page.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { dateElement, h } from './dom.ts';
import { field } from './forms.ts';
import { nameIn } from './public-profile.ts';

const today = (view: CaseView): string => localDate(new Date(), view.profile.district.timeZone);

function goalForm(view: CaseView): HTMLFormElement {
  const { profile } = view;
  const text = h('textarea', { name: 'text', rows: 2, maxlength: 500, required: true });
  const need = h('select', { name: 'needCategory' }, ...profile.needCategories.map((c) => h('option', { value: c.id, selected: c.id === view.detail.case.needCategories[0] }, c.name)));
  const targetDate = h('input', { type: 'date', name: 'targetDate', min: today(view), required: true });
  const tasks = h('textarea', { name: 'tasks', rows: 2, maxlength: 1000 });
  return actionForm({
    run: view.run,
    ...fieldsOf([
      { element: field('ziel-text', 'Ziel', text, 'Mit der Person vereinbart, in ihren Worten, höchstens 500 Zeichen.'), path: 'text', id: 'ziel-text', label: 'Ziel' },
      { element: field('ziel-bedarf', 'Bedarf', need), path: 'needCategory', id: 'ziel-bedarf', label: 'Bedarf' },
      { element: field('ziel-datum', 'Zieldatum', targetDate), path: 'targetDate', id: 'ziel-datum', label: 'Zieldatum' },
      { element: field('ziel-aufgaben', 'Wer macht was (freiwillig)', tasks), path: 'tasks', id: 'ziel-aufgaben', label: 'Wer macht was' },
    ]),
    submitLabel: 'Ziel vereinbaren',
    busy: 'Das Ziel wird gespeichert.',
    submit: async () => {
      const taskText = tasks.value.trim();
      const goal = await api<GoalRecord>('POST', `${casePath(view.caseId)}/goals`, {
        text: text.value,
        needCategory: need.value,
        targetDate: targetDate.value,
        ...(taskText === '' ? {} : { tasks: taskText }),
      });
      return `Ziel ${goal.goalId} vereinbart.`;
    },
  });
}

function reviewForm(view: CaseView, goal: GoalRecord): HTMLFormElement {
  const prefix = `ziel-${goal.goalId}`;
  const status = h('select', { name: 'status' }, ...GOAL_STATUSES.map((value) => h('option', { value, selected: value === goal.status }, GOAL_STATUS_LABELS[value])));
  const targetDate = h('input', { type: 'date', name: 'targetDate', value: goal.targetDate });
  return actionForm({
    run: view.run,
    className: 'ziel-pruefen',
    heading: 'h4',
    ...fieldsOf([
      { element: field(`${prefix}-stand`, `Stand von Ziel ${goal.goalId}`, status), path: 'status', id: `${prefix}-stand`, label: 'Stand' },
      { element: field(`${prefix}-datum`, `Zieldatum von Ziel ${goal.goalId}`, targetDate), path: 'targetDate', id: `${prefix}-datum`, label: 'Zieldatum' },
    ]),
    submitLabel: h('span', {}, 'Überprüfung speichern', h('span', { class: 'visually-hidden' }, ` für Ziel ${goal.goalId}`)),
    busy: 'Die Überprüfung wird gespeichert.',
    submit: async () => {
      await api('POST', `${casePath(view.caseId)}/goals/${encodeURIComponent(goal.goalId)}`, {
        status: status.value,
        version: goal.version,
        ...(targetDate.value === goal.targetDate ? {} : { targetDate: targetDate.value }),
      });
      return `Ziel ${goal.goalId}: ${GOAL_STATUS_LABELS[status.value as GoalRecord['status']]}.`;
    },
  });
}

function goalBlock(view: CaseView, goal: GoalRecord, reviewable: boolean): HTMLElement {
  const overdue = isGoalOverdue(goal, today(view));
  return h(
    'section',
    { class: 'ziel' },
    h('h3', {}, `Ziel ${goal.goalId}: `, h('bdi', {}, goal.text)),
    h(
      'dl',
      { class: 'angaben' },
      h('dt', {}, 'Bedarf'),
      h('dd', {}, nameIn(view.profile.needCategories, goal.needCategory)),
      h('dt', {}, 'Zieldatum'),
      h('dd', {}, dateElement(goal.targetDate), ' ', marksElement(overdue ? [OVERDUE] : [])),
      h('dt', {}, 'Stand'),
      h('dd', {}, GOAL_STATUS_LABELS[goal.status]),
      goal.tasks !== undefined && h('dt', {}, 'Wer macht was'),
      goal.tasks !== undefined && h('dd', {}, h('bdi', { class: 'mehrzeilig' }, goal.tasks)),
    ),
    reviewable && reviewForm(view, goal),
  );
}

export function goalsSection(view: CaseView): HTMLElement | undefined {
  const { record } = view;
  if (record === undefined) return undefined;
  const writable = view.own && view.detail.case.stage !== 'closed';
  return section(
    'Hilfeplan',
    record.goals.length === 0 ? h('p', {}, 'Noch keine Ziele vereinbart.') : undefined,
    ...record.goals.map((goal) => goalBlock(view, goal, writable)),
    writable && h('details', { class: 'erfassen' }, h('summary', {}, 'Neues Ziel vereinbaren'), goalForm(view)),
  );
}
