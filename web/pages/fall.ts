// The case detail: overview, the person's data, the assessment (for the case's case manager while the case waits
// for it), the referrals with their outcomes, the consents with revocation, closing, and the history. After each
// action the case is read again and the page says what happened. The larger sections are modules of their own
// (web/case-*.ts), built from the view in web/case-view.ts.
import type { CaseDetail } from '../../core/casework/read-cases.ts';
import type { CaseRecordView } from '../../core/counselling/case-record.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { api } from '../api.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';
import { assessmentSection } from '../case-assessment-form.ts';
import { attentionSection, attentionSummary } from '../case-attention.ts';
import { closureSection } from '../case-closure.ts';
import { consentsSection } from '../case-consents.ts';
import { contactsSection } from '../case-contacts.ts';
import { goalsSection } from '../case-goals.ts';
import { notesSection } from '../case-notes.ts';
import { actorLabel, describeEvent } from '../case-history.ts';
import { caseMarks, waitingFor, waitingSince } from '../case-labels.ts';
import { clearMessage, marksElement, showSuccess, type CaseAction } from '../case-page.ts';
import { referralsSection } from '../case-referrals.ts';
import { reopenSection } from '../case-reopen.ts';
import { correctionSection } from '../case-correction.ts';
import { handoverSection } from '../case-handover.ts';
import { erasureSection, tombstoneSection } from '../case-erasure.ts';
import { casePath, definitionList, optionalTime, section, type CaseView, type PageContext } from '../case-view.ts';
import { personDetails } from '../person-data.ts';
import { germanDateOf } from '../dates.ts';
import { nameIn, publicProfile } from '../public-profile.ts';

async function act(context: PageContext, { busy, run, fail }: CaseAction): Promise<void> {
  clearMessage(byId('meldung'));
  setStatus(busy);
  let done: string;
  try {
    done = await run();
  } catch (error) {
    setStatus('');
    fail(error);
    return;
  }
  await showCase(context, done);
}

function overview(view: CaseView): HTMLElement {
  const { profile, session } = view;
  const record = view.detail.case;
  const requested = nameIn(profile.focusAreas, record.requestedFocusArea);
  const focusArea =
    record.focusArea === undefined
      ? `${requested} (gewünscht, noch nicht eingeordnet)`
      : record.focusArea === record.requestedFocusArea
        ? requested
        : `${nameIn(profile.focusAreas, record.focusArea)} (gewünscht war ${requested})`;
  const manager = record.caseManagerId === undefined ? 'Noch niemand' : record.caseManagerId === session.userId ? 'Sie' : record.caseManagerId;
  return section(
    'Überblick',
    definitionList([
      ['Fallnummer', record.caseId],
      ['Phase', h('span', {}, STAGE_LABELS[record.stage], ' ', marksElement(caseMarks(record)))],
      ['Wartet auf', waitingFor(record)],
      ['Seit', timeElement(waitingSince(record))],
      ['Kommune', nameIn(profile.municipalities, record.municipalityId)],
      ['Schwerpunkt', focusArea],
      ['Krise', record.crisis ? 'Ja' : 'Nein'],
      ['Bedarfe laut Erstaufnahme', record.needCategories.map((id) => nameIn(profile.needCategories, id)).join(', ')],
      ['Zuständig', record.providerId === undefined ? manager : `${manager} – ${nameIn(profile.providers, record.providerId)}`],
      ['Eingegangen', timeElement(record.createdAt)],
      ['Einschätzung angefordert', optionalTime(record.assessmentRequestedAt)],
      ['Erinnerung zur Einschätzung', optionalTime(record.assessmentReminderSentAt)],
      ['Einschätzung an die Koordination gemeldet', optionalTime(record.assessmentEscalatedAt)],
      ['Klärung nötig', attentionSummary(record)],
      ['Abgeschlossen', optionalTime(record.closedAt)],
      ['Löschung vorgesehen am', record.expiresAt === undefined ? undefined : germanDateOf(new Date(record.expiresAt * 1000), profile.district.timeZone)],
    ]),
  );
}

function personSection(view: CaseView): HTMLElement | undefined {
  const client = view.detail.client;
  if (client === undefined) return undefined;
  return section(
    'Angaben zur Person',
    personDetails(client, view.profile),
    // The right of access (Art. 15 DSGVO): everything stored about the person, printable and as JSON.
    h('p', {}, h('a', { href: `/auskunft.html?fall=${encodeURIComponent(view.caseId)}` }, 'Auskunft (Art. 15 DSGVO)')),
  );
}

const recordMissing = (): HTMLElement =>
  section('Dokumentation', h('p', { class: 'hinweis' }, 'Kontakte, Notizen und Hilfeplan konnten nicht geladen werden. Bitte laden Sie die Seite neu.'));

function historySection(view: CaseView): HTMLElement {
  const events = [...view.detail.history].reverse();
  return section(
    'Verlauf',
    h('p', {}, 'Neueste Einträge zuerst. Auch jedes Öffnen des Falls wird festgehalten.'),
    h(
      'ol',
      { reversed: true },
      ...events.map((event) => h('li', {}, timeElement(event.at), ' – ', describeEvent(event, view.profile, view.session.userId), ` (${actorLabel(event.actor, view.session.userId)})`)),
    ),
  );
}

/** Reads the case and shows it; `done` is what the action before achieved, said once the page is rebuilt. */
async function showCase(context: PageContext, done?: string): Promise<void> {
  const container = byId('fall');
  if (done === undefined) setStatus('Der Fall wird geladen.');
  let detail: CaseDetail;
  let record: CaseRecordView | undefined;
  try {
    // The record beside the case: should it fail, the case still shows (its sections say the record is missing).
    [detail, record] = await Promise.all([api<CaseDetail>('GET', casePath(context.caseId)), api<CaseRecordView>('GET', `${casePath(context.caseId)}/record`).catch(() => undefined)]);
  } catch (error) {
    if (done !== undefined) showSuccess(byId('meldung'), done);
    showFailure(container, error);
    setStatus('Der Fall konnte nicht geladen werden.');
    return;
  }
  const view: CaseView = { ...context, detail, own: detail.case.caseManagerId === context.session.userId, run: (action) => act(context, action), ...(record === undefined ? {} : { record }) };
  const title = `Fall ${detail.case.caseId}`;
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  // Erased (Art. 17): the page is the tombstone and nothing else.
  if (detail.case.erasedAt !== undefined) replace(container, tombstoneSection(view));
  else replace(container, overview(view), attentionSection(view.detail.case, view.session, view.run), personSection(view), correctionSection(view), assessmentSection(view), referralsSection(view), consentsSection(view), goalsSection(view), contactsSection(view), notesSection(view), record === undefined && recordMissing(), closureSection(view), view.detail.case.stage === 'closed' && reopenSection(view.caseId, view.run), handoverSection(view), erasureSection(view), historySection(view));
  if (done === undefined) {
    setStatus(`${title} geladen.`);
  } else {
    // The message area is a live region of its own; the page status stays quiet so it is not said twice.
    setStatus('');
    showSuccess(byId('meldung'), done);
  }
}

const start = await startPage(['casemanager', 'coordinator']);
if (start !== undefined) {
  const caseId = new URLSearchParams(location.search).get('id') ?? '';
  if (caseId === '') {
    replace(byId('fall'), h('p', { class: 'hinweis' }, 'Es ist kein Fall angegeben. ', h('a', { href: '/faelle.html' }, 'Zur Fallliste')));
  } else {
    try {
      await showCase({ caseId, session: start.session, profile: await publicProfile() });
    } catch (error) {
      showFailure(byId('fall'), error);
    }
  }
}
