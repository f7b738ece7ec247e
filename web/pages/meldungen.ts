// The gap reports. Case managers (and coordinators) report a gap ("Bedarf melden") and follow their own reports
// ("Meine Meldungen": status, the body it went to, the body's outcome). Coordinators see every report, counted
// per kind, and review each one: check (and edit) its text, merge it into another, put it on a body's next
// meeting, record the body's outcome. The API enforces the same rules (core/casework/review-gap-report.ts).
import { GAP_REASON_LABELS } from '../../core/cases/case-labels.ts';
import { GAP_OUTCOME_LABELS, GAP_STATUS_LABELS } from '../../core/cases/gap-report-labels.ts';
import type { GapOutcomeKind, GapReason, GapReport } from '../../core/cases/gap-report.ts';
import { allowedReviewActions, GAP_ACTION_LABELS, isMergeTarget, type GapReviewAction } from '../../core/casework/gap-report-actions.ts';
import type { GapReportGroup, GapReportList } from '../../core/casework/list-gap-reports.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { byId, dateElement, h, replace } from '../dom.ts';
import { clearErrors, failureReport, field, showErrors, type FormControl } from '../forms.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  reason: 'Grund',
  municipalityId: 'Kommune',
  focusArea: 'Schwerpunkt',
  needCategory: 'Bedarf',
  text: 'Beschreibung',
  targetId: 'Zielmeldung',
  bodyId: 'Gremium',
  outcome: 'Ergebnis',
  close: 'Abschließen',
};

function reported(group: GapReportGroup): (HTMLElement | string)[] {
  return group.firstReported === group.lastReported ? [dateElement(group.lastReported)] : [dateElement(group.firstReported), ' bis ', dateElement(group.lastReported)];
}

function select(name: string, options: readonly { id: string; name: string }[], empty?: string): HTMLSelectElement {
  return h('select', { name }, ...(empty === undefined ? [] : [h('option', { value: '' }, empty)]), ...options.map((o) => h('option', { value: o.id }, o.name)));
}

/**
 * A form that posts its controls' values as JSON and shows the API's field errors beside the fields (ids are
 * `<prefix>-<field>`); `done` runs after success.
 */
function apiForm(prefix: string, heading: string, controls: readonly [string, string, FormControl, string?][], submit: string, send: (values: Record<string, unknown>) => Promise<unknown>, done: () => Promise<void>): HTMLFormElement {
  const summary = h('div', {});
  const button = h('button', { type: 'submit' }, submit);
  const form = h('form', { novalidate: true }, h('h4', {}, heading), summary, ...controls.map(([name, label, control, hint]) => field(`${prefix}-${name}`, label, control, hint)), h('div', { class: 'aktionen' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const values: Record<string, unknown> = {};
    for (const [name, , control] of controls) {
      if (control instanceof HTMLInputElement && control.type === 'checkbox') values[name] = control.checked;
      else if (control.value.trim() !== '') values[name] = control.value;
    }
    button.disabled = true;
    setStatus(`${heading}: wird gespeichert.`);
    send(values)
      .then(async () => {
        setStatus(`${heading}: gespeichert.`);
        await done();
      })
      .catch((error: unknown) => {
        setStatus(`${heading}: das hat nicht geklappt.`);
        const report = failureReport(error, (name) => (controls.some(([n]) => n === name) ? { elementId: `${prefix}-${name}`, label: FIELD_LABELS[name] ?? name } : undefined));
        showErrors(summary, report, { nameFieldInError: false });
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}

function raiseForm(profile: PublicProfile, reload: () => Promise<void>): HTMLElement {
  // gap-report.ts is not for the browser (node:crypto): the label tables list the ids.
  const reasons = (Object.keys(GAP_REASON_LABELS) as GapReason[]).map((id) => ({ id, name: GAP_REASON_LABELS[id] }));
  const form = apiForm(
    'neu',
    'Bedarf melden',
    [
      ['reason', 'Grund', select('reason', reasons, 'Bitte wählen')],
      ['municipalityId', 'Kommune', select('municipalityId', profile.municipalities, 'Bitte wählen')],
      ['focusArea', 'Schwerpunkt (freiwillig)', select('focusArea', profile.focusAreas, 'keiner')],
      ['needCategory', 'Bedarf (freiwillig)', select('needCategory', profile.needCategories, 'keiner')],
      ['text', 'Beschreibung', h('textarea', { name: 'text', rows: 4, maxlength: 1000 }), 'Höchstens 1000 Zeichen. Keine Namen, keine Fallnummern: die Koordination prüft den Text, bevor er an ein Gremium geht.'],
    ],
    'Meldung absenden',
    (values) => api('POST', '/api/gap-reports', values),
    reload,
  );
  return h('section', { 'aria-labelledby': 'melden-titel' }, h('h2', { id: 'melden-titel' }, 'Bedarf melden'), form);
}

function outcomesOf(report: GapReport): HTMLElement | string {
  const outcomes = report.outcomes ?? [];
  if (outcomes.length === 0) return '–';
  return h('ul', {}, ...outcomes.map((o) => h('li', {}, dateElement(o.recordedAt), `: ${GAP_OUTCOME_LABELS[o.outcome]} – ${o.text}`)));
}

function gapName(profile: PublicProfile, report: GapReport): string {
  const category = report.needCategory !== undefined ? nameIn(profile.needCategories, report.needCategory) : report.focusArea !== undefined ? nameIn(profile.focusAreas, report.focusArea) : GAP_REASON_LABELS[report.reason];
  return `${category} in ${nameIn(profile.municipalities, report.municipalityId)}`;
}

function mineSection(profile: PublicProfile, mine: readonly GapReport[]): HTMLElement {
  const title = h('h2', { id: 'meine-titel' }, 'Meine Meldungen');
  if (mine.length === 0) return h('section', { 'aria-labelledby': 'meine-titel' }, title, h('p', {}, 'Sie haben noch keinen Bedarf gemeldet.'));
  const headings = ['Meldung', 'Gemeldet', 'Grund', 'Status', 'Gremium', 'Ergebnis'];
  return h(
    'section',
    { 'aria-labelledby': 'meine-titel' },
    title,
    h(
      'table',
      {},
      h('caption', {}, 'Von Ihnen gemeldete Lücken mit ihrem Stand'),
      h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h(
        'tbody',
        {},
        ...mine.map((report) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, gapName(profile, report)),
            h('td', {}, dateElement(report.createdAt)),
            h('td', {}, GAP_REASON_LABELS[report.reason]),
            h('td', {}, GAP_STATUS_LABELS[report.status]),
            h('td', {}, report.routing === undefined ? '–' : nameIn(profile.bodies, report.routing.bodyId)),
            h('td', {}, outcomesOf(report)),
          ),
        ),
      ),
    ),
  );
}

function groupsTable(profile: PublicProfile, list: GapReportList): HTMLElement {
  const headings = ['Grund', 'Bedarf', 'Kommune', 'Schwerpunkt', 'Anzahl', 'Gemeldet', 'Status'];
  return h(
    'table',
    {},
    h('caption', {}, 'Bedarfsmeldungen nach Art, Kommune und Schwerpunkt'),
    h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h(
      'tbody',
      {},
      ...list.groups.map((group) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, GAP_REASON_LABELS[group.reason]),
          h('td', {}, nameIn(profile.needCategories, group.needCategory)),
          h('td', {}, nameIn(profile.municipalities, group.municipalityId)),
          h('td', {}, nameIn(profile.focusAreas, group.focusArea)),
          h('td', { class: 'zahl' }, String(group.count)),
          h('td', {}, ...reported(group)),
          h('td', {}, h('span', { class: 'marke warnung' }, GAP_STATUS_LABELS[group.status])),
        ),
      ),
    ),
  );
}

function reviewForm(profile: PublicProfile, all: readonly GapReport[], report: GapReport, action: GapReviewAction, reload: () => Promise<void>): HTMLFormElement {
  const prefix = `${action}-${report.gapReportId}`;
  const send = (values: Record<string, unknown>) => api('POST', `/api/gap-reports/${encodeURIComponent(report.gapReportId)}/review`, { action, version: report.version ?? 1, ...values });
  const heading = GAP_ACTION_LABELS[action];
  switch (action) {
    case 'accept': {
      const text = h('textarea', { name: 'text', rows: 4, maxlength: 1000 });
      text.value = report.text ?? '';
      return apiForm(prefix, heading, [['text', 'Geprüfter Text', text, 'Namen und andere Angaben zu Personen entfernen; leer lassen, wenn es keinen Text gibt.']], 'Als geprüft annehmen', send, reload);
    }
    case 'merge': {
      const targets = all.filter((other) => other.gapReportId !== report.gapReportId && isMergeTarget(other)).map((other) => ({ id: other.gapReportId, name: `${gapName(profile, other)} (${String(other.count ?? 1)}, ${other.createdAt})` }));
      return apiForm(prefix, heading, [['targetId', 'In Meldung', select('targetId', targets, 'Bitte wählen')]], 'Zusammenführen', send, reload);
    }
    case 'route':
      return apiForm(prefix, heading, [['bodyId', 'Gremium', select('bodyId', profile.bodies, 'Bitte wählen'), 'Die Meldung kommt auf die Tagesordnung der nächsten Sitzung; die Mitglieder erhalten eine geänderte Einladung.']], 'Auf die Tagesordnung setzen', send, reload);
    case 'outcome': {
      const outcomes = (Object.keys(GAP_OUTCOME_LABELS) as GapOutcomeKind[]).map((id) => ({ id, name: GAP_OUTCOME_LABELS[id] }));
      return apiForm(
        prefix,
        heading,
        [
          ['outcome', 'Ergebnis', select('outcome', outcomes, 'Bitte wählen')],
          ['text', 'Kurz beschrieben', h('textarea', { name: 'text', rows: 2, maxlength: 500 })],
          ['close', 'Meldung damit abschließen', h('input', { type: 'checkbox', name: 'close' })],
        ],
        'Ergebnis speichern',
        send,
        reload,
      );
    }
  }
}

function reportBlock(profile: PublicProfile, all: readonly GapReport[], report: GapReport, reload: () => Promise<void>): HTMLElement {
  const actions = allowedReviewActions(report);
  const titleId = `meldung-${report.gapReportId}`;
  return h(
    'article',
    { class: 'meldung', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `${gapName(profile, report)} (${String(report.count ?? 1)})`),
    h(
      'p',
      {},
      `${GAP_REASON_LABELS[report.reason]} · gemeldet am `,
      dateElement(report.createdAt),
      ` · ${report.source === 'workflow' ? 'vom Ablauf' : 'vom Case-Management'} · Status: ${GAP_STATUS_LABELS[report.status]}`,
      report.routing === undefined ? '' : ` · bei ${nameIn(profile.bodies, report.routing.bodyId)}`,
    ),
    report.text !== undefined && h('blockquote', {}, report.text),
    (report.outcomes ?? []).length > 0 && outcomesOf(report),
    actions.length > 0 && h('div', { class: 'pruefen' }, ...actions.map((action) => reviewForm(profile, all, report, action, reload))),
  );
}

function renderCoordination(profile: PublicProfile, list: GapReportList, reload: () => Promise<void>): void {
  const container = byId('meldungen');
  if (list.gapReports.length === 0) {
    replace(container, h('h2', {}, 'Alle Meldungen'), h('p', {}, 'Es liegen keine Bedarfsmeldungen vor.'));
    return;
  }
  const open = list.gapReports.filter((r) => r.status !== 'merged' && r.status !== 'closed');
  const done = list.gapReports.filter((r) => r.status === 'merged' || r.status === 'closed');
  replace(
    container,
    h('h2', {}, 'Alle Meldungen'),
    h('p', {}, `${String(list.gapReports.length)} Meldung(en) in ${String(list.groups.length)} Gruppe(n), die häufigsten zuerst.`),
    groupsTable(profile, list),
    h('h2', {}, 'Zu prüfen und weiterzugeben'),
    open.length === 0 ? h('p', {}, 'Keine offenen Meldungen.') : h('div', {}, ...open.map((report) => reportBlock(profile, list.gapReports, report, reload))),
    done.length > 0 && h('details', {}, h('summary', {}, `Erledigte und zusammengeführte Meldungen (${String(done.length)})`), ...done.map((report) => reportBlock(profile, list.gapReports, report, reload))),
  );
}

async function main(): Promise<void> {
  const start = await startPage(['casemanager', 'coordinator']);
  if (start === undefined) return;
  const coordinator = hasRole(start.session, 'coordinator');
  if (!coordinator) replace(byId('meldungen'));
  const profile = await publicProfile();
  const reload = async (): Promise<void> => {
    setStatus('Die Bedarfsmeldungen werden geladen.');
    try {
      const [mine, all] = await Promise.all([api<GapReportList>('GET', '/api/gap-reports?mine=true'), coordinator ? api<GapReportList>('GET', '/api/gap-reports') : Promise.resolve(undefined)]);
      replace(byId('meine'), mineSection(profile, mine.gapReports));
      if (all !== undefined) renderCoordination(profile, all, reload);
      setStatus('Die Bedarfsmeldungen sind geladen.');
    } catch (error) {
      showFailure(byId('meldungen'), error);
      setStatus('Die Bedarfsmeldungen konnten nicht geladen werden.');
    }
  };
  replace(byId('melden'), raiseForm(profile, reload));
  await reload();
}

void main();
