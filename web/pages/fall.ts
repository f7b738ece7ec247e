// The case detail: overview, the person's data, the assessment (for the case's case manager while the case waits
// for it), the referrals with their outcomes, the consents with revocation, closing, and the history. After each
// action the case is read again and the page says what happened.
import { localDate } from '../../core/calendar/local-date.ts';
import type { CaseDetail } from '../../core/casework/read-cases.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { outcomesAfter } from '../../core/cases/referral.ts';
import { GENDER_LABELS, RESIDENCE_STATUS_LABELS } from '../../core/intake/client-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import type { CloseAnswer } from '../../functions/close-case/schema.ts';
import type { RevokeAnswer } from '../../functions/revoke-consent/schema.ts';
import { api } from '../api.ts';
import { byId, dateElement, h, replace, timeElement, type Child } from '../dom.ts';
import type { Session } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';
import {
  assessmentRequest,
  chosenServices,
  consentLabel,
  NO_SERVICE,
  servicesForNeed,
  targetElementId,
  targetLabel,
  targetOfField,
  type AssessmentProblem,
  type ConsentChoice,
  type NeedChoice,
  type ProfileService,
} from '../case-assessment.ts';
import { attentionSection, attentionSummary } from '../case-attention.ts';
import { actorLabel, describeEvent, referralNumber } from '../case-history.ts';
import {
  CONSENT_FORM_LABELS,
  caseMarks,
  dataFieldList,
  isReferralOverdue,
  labelOf,
  languageNamesOf,
  nationalityName,
  OUTCOME_LABELS,
  OVERDUE,
  REFERRAL_STATUS_LABELS,
  waitingFor,
  waitingSince,
} from '../case-labels.ts';
import { clearMessage, confirmStep, marksElement, showSuccess, type CaseAction } from '../case-page.ts';
import { reopenSection } from '../case-reopen.ts';
import { germanDateOf } from '../dates.ts';
import { choice, clearErrors, failureReport, field, showErrors, type PlacedProblem } from '../forms.ts';
import { nameIn, publicProfile } from '../public-profile.ts';

type Referral = CaseDetail['referrals'][number];
type Consent = CaseDetail['consents'][number];

interface PageContext {
  readonly caseId: string;
  readonly session: Session;
  readonly profile: PublicProfile;
}

interface CaseView extends PageContext {
  readonly detail: CaseDetail;
  /** The caller is the case's case manager: only they assess, record outcomes and close. */
  readonly own: boolean;
}

const casePath = (caseId: string): string => `/api/cases/${encodeURIComponent(caseId)}`;

const optionalTime = (iso: string | undefined): Child => (iso === undefined ? undefined : timeElement(iso));

/** A `dl.angaben` of the entries that have a value. */
function definitionList(entries: readonly (readonly [string, Child])[]): HTMLDListElement {
  const shown = entries.filter(([, value]) => value !== undefined && value !== false && value !== '');
  return h('dl', { class: 'angaben' }, ...shown.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

const section = (title: string, ...children: readonly Child[]): HTMLElement => h('section', {}, h('h2', {}, title), ...children);

/** Names and free text may be written right to left (Arabic, …): isolated, so the German around them stays in order. */
const isolated = (text: string | undefined): Child => (text === undefined || text === '' ? undefined : h('bdi', {}, text));

async function act(view: CaseView, { busy, run, fail }: CaseAction): Promise<void> {
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
  await showCase(view, done);
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
  const name = [client.givenNames, client.familyName].filter((part) => part !== undefined && part !== '').join(' ');
  const address = client.address === undefined ? undefined : `${client.address.street}, ${client.address.postalCode} ${client.address.city}`;
  return section(
    'Angaben zur Person',
    definitionList([
      ['Name', isolated(name)],
      ['Geburtsdatum', client.dateOfBirth === undefined ? undefined : dateElement(client.dateOfBirth)],
      ['Geschlecht', client.gender === undefined ? undefined : labelOf(GENDER_LABELS, client.gender)],
      ['Staatsangehörigkeit', client.nationality === undefined ? undefined : nationalityName(client.nationality)],
      ['Sprachen', client.languages === undefined ? undefined : languageNamesOf(client.languages)],
      ['Dolmetschung benötigt', client.interpreterNeeded === undefined ? undefined : client.interpreterNeeded ? 'Ja' : 'Nein'],
      ['Kommune', client.municipalityId === undefined ? undefined : nameIn(view.profile.municipalities, client.municipalityId)],
      ['Anschrift', isolated(address)],
      ['Telefon', client.phone],
      ['E-Mail', client.email],
      ['Aufenthaltsstatus', client.residenceStatus === undefined ? undefined : labelOf(RESIDENCE_STATUS_LABELS, client.residenceStatus)],
      ['Eingereist am', client.arrivalDate === undefined ? undefined : dateElement(client.arrivalDate)],
      ['Beschreibung des Bedarfs', client.needsDescription === undefined ? undefined : h('bdi', { class: 'mehrzeilig' }, client.needsDescription)],
      ['Einwilligung in die Datenverarbeitung', optionalTime(client.consentToProcessingAt)],
    ]),
  );
}

interface ConsentBlock {
  readonly element: HTMLElement;
  /** The consent as given in the form; undefined when not ticked. */
  readonly read: () => ConsentChoice | undefined;
}

function consentBlock(service: ProfileService, today: string): ConsentBlock {
  const id = `einwilligung-${service.id}`;
  const checkbox = h('input', { type: 'checkbox', id, name: 'consent', value: service.id, 'aria-describedby': `${id}-hilfe` });
  const form = h(
    'select',
    { name: `consent-form-${service.id}` },
    ...Object.entries(CONSENT_FORM_LABELS).map(([value, label]) => h('option', { value, selected: value === 'written' }, label)),
  );
  const date = h('input', { type: 'date', name: `consent-date-${service.id}`, value: today, max: today });
  const details = h(
    'div',
    { class: 'einwilligung-angaben' },
    field(`${id}-form`, 'Form der Einwilligung', form),
    field(`${id}-datum`, 'Einwilligung erteilt am', date, 'Das Datum, an dem die Person eingewilligt hat.'),
  );
  const detailSlot = h('div', {});
  const showDetails = (): void => {
    replace(detailSlot, checkbox.checked && details);
  };
  checkbox.addEventListener('change', showDetails);
  return {
    element: h(
      'div',
      { class: 'einwilligung' },
      h(
        'div',
        { class: 'feld' },
        choice(checkbox, consentLabel(service)),
        h('span', { class: 'hilfe', id: `${id}-hilfe` }, `Ohne Einwilligung wird die Vermittlung an ${service.name} nicht verschickt, sondern zurückgehalten.`),
      ),
      detailSlot,
    ),
    read: () => (checkbox.checked ? { serviceId: service.id, form: form.value, givenAt: date.value } : undefined),
  };
}

interface NeedRow {
  readonly element: HTMLElement;
  /** The need with its chosen service, or undefined when not ticked. */
  readonly read: () => NeedChoice | undefined;
}

function needRow(need: PublicProfile['needCategories'][number], services: readonly ProfileService[], preselected: boolean, onChange: () => void): NeedRow {
  const checkbox = h('input', { type: 'checkbox', id: `bedarf-${need.id}`, name: 'need', value: need.id, checked: preselected });
  // A need without any service in the catalogue can only become a gap; there is nothing to choose.
  const serviceChoice =
    services.length === 0
      ? h('p', { class: 'hinweis' }, `Für „${need.name}“ gibt es im Katalog keine Stelle. Der Bedarf wird als Lücke an die Koordination gemeldet.`)
      : h(
          'fieldset',
          { class: 'feld', id: `stellen-${need.id}` },
          h('legend', {}, `Stelle für „${need.name}“`),
          ...[...services.map((s) => ({ value: s.id, label: s.name })), { value: NO_SERVICE, label: 'Keine passende Stelle – als Lücke melden' }].map((option) => {
            const radio = h('input', { type: 'radio', id: `stelle-${need.id}-${option.value}`, name: `service-${need.id}`, value: option.value });
            radio.addEventListener('change', onChange);
            return choice(radio, option.label);
          }),
        );
  const slot = h('div', { class: 'stellen' });
  const showChoice = (): void => {
    replace(slot, checkbox.checked && serviceChoice);
  };
  checkbox.addEventListener('change', () => {
    showChoice();
    onChange();
  });
  showChoice();
  const chosen = (): string | undefined =>
    services.length === 0 ? NO_SERVICE : serviceChoice.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value;
  return {
    element: h('div', { class: 'bedarf' }, choice(checkbox, need.name), slot),
    read: () => (checkbox.checked ? { category: need.id, service: chosen() } : undefined),
  };
}

function assessmentForm(view: CaseView): HTMLFormElement {
  const { profile } = view;
  const today = localDate(new Date(), profile.district.timeZone);
  const summary = h('div', {});
  const consentList = h('div', {});
  const consentBlocks = new Map<string, ConsentBlock>();
  const rows: NeedRow[] = [];
  const readNeeds = (): NeedChoice[] => rows.flatMap((row) => row.read() ?? []);
  const blockFor = (serviceId: string): ConsentBlock | undefined => {
    const service = profile.services.find((s) => s.id === serviceId);
    if (service === undefined) return undefined;
    const block = consentBlocks.get(serviceId) ?? consentBlock(service, today);
    consentBlocks.set(serviceId, block);
    return block;
  };
  // One consent per chosen service; blocks are kept, so a service chosen again keeps what was entered for it.
  const showConsents = (): void => {
    const blocks = chosenServices(readNeeds()).flatMap((id) => blockFor(id) ?? []);
    replace(
      consentList,
      ...(blocks.length === 0 ? [h('p', {}, 'Sobald Sie oben eine Stelle wählen, erfassen Sie hier die Einwilligung der Person dafür.')] : blocks.map((block) => block.element)),
    );
  };
  const intakeNeeds = view.detail.case.needCategories;
  for (const need of profile.needCategories) rows.push(needRow(need, servicesForNeed(profile, need.id), intakeNeeds.includes(need.id), showConsents));
  showConsents();

  const button = h('button', { type: 'submit' }, 'Einschätzung speichern');
  const form = h(
    'form',
    { novalidate: true },
    summary,
    h(
      'p',
      {},
      'Wählen Sie die Bedarfe, die Sie mit der Person festgestellt haben, je Bedarf die Stelle, an die vermittelt werden soll, und die Einwilligungen, die die Person dafür gegeben hat. Die Bedarfe aus der Erstaufnahme sind vorausgewählt.',
    ),
    h('fieldset', { class: 'feld', id: 'bedarfe' }, h('legend', {}, 'Bedarfe'), ...rows.map((row) => row.element)),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Einwilligungen für die Vermittlung'),
      h('p', {}, 'Eine Vermittlung wird nur mit Einwilligung der Person verschickt, und die Stelle erhält nur die genannten Angaben.'),
      consentList,
    ),
    h('div', { class: 'aktionen' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const consents = [...consentBlocks.values()].flatMap((block) => block.read() ?? []);
    const { request, problems } = assessmentRequest(readNeeds(), consents, localDate(new Date(), profile.district.timeZone));
    const placed = (problem: AssessmentProblem): PlacedProblem => ({
      elementId: targetElementId(problem.target),
      label: targetLabel(problem.target, profile),
      message: problem.message,
    });
    if (problems.length > 0) {
      showErrors(summary, { message: 'Bitte prüfen Sie die markierten Angaben.', placed: problems.map(placed), unplaced: [] }, { heading: 'h3' });
      return;
    }
    button.disabled = true;
    void act(view, {
      busy: 'Die Einschätzung wird gespeichert.',
      run: async () => {
        await api('POST', `${casePath(view.caseId)}/assessment`, request);
        return 'Einschätzung gespeichert. Die Vermittlungen werden verschickt.';
      },
      fail: (error) => {
        const report = failureReport(error, (fieldPath) => {
          const target = targetOfField(fieldPath, request);
          return target === undefined ? undefined : { elementId: targetElementId(target), label: targetLabel(target, profile) };
        });
        showErrors(summary, report, { heading: 'h3' });
      },
    }).finally(() => {
      button.disabled = false;
    });
  });
  return form;
}

function assessmentSection(view: CaseView): HTMLElement | undefined {
  if (view.detail.case.stage !== 'awaiting-assessment') return undefined;
  return section(
    'Einschätzung',
    view.own ? assessmentForm(view) : h('p', { class: 'hinweis' }, 'Der Fall wartet auf die Einschätzung; sie nimmt das zuständige Case-Management vor.'),
  );
}

function outcomeForm(view: CaseView, referral: Referral): HTMLFormElement {
  const number = referralNumber(referral.referralId);
  const groupId = `ergebnis-${referral.referralId}`;
  const reasonId = `grund-${referral.referralId}`;
  const summary = h('div', {});
  const reason = h('textarea', { name: 'reason', rows: 3 });
  const button = h('button', { type: 'submit' }, 'Ergebnis speichern', h('span', { class: 'visually-hidden' }, ` für Vermittlung ${number}`));
  const form = h(
    'form',
    { novalidate: true },
    summary,
    h(
      'fieldset',
      { class: 'feld', id: groupId },
      h('legend', {}, `Ergebnis der Vermittlung ${number}`),
      ...outcomesAfter(referral.status).map((outcome) =>
        choice(h('input', { type: 'radio', id: `${groupId}-${outcome}`, name: 'outcome', value: outcome }), OUTCOME_LABELS[outcome]),
      ),
    ),
    field(reasonId, 'Begründung', reason, 'Bei „Abgelehnt“ bitte angeben, warum; sonst freiwillig.'),
    h('div', { class: 'aktionen' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const outcome = form.querySelector<HTMLInputElement>('input[name="outcome"]:checked')?.value;
    const reasonText = reason.value.trim();
    button.disabled = true;
    void act(view, {
      busy: 'Das Ergebnis wird gespeichert.',
      run: async () => {
        // Without a choice the API names the missing outcome; its message lands beside the radio buttons.
        await api('POST', `/api/referrals/${encodeURIComponent(referral.referralId)}/outcome`, { outcome, ...(reasonText === '' ? {} : { reason: reasonText }) });
        return `Ergebnis „${labelOf(OUTCOME_LABELS, outcome ?? '')}“ für Vermittlung ${number} gespeichert.`;
      },
      fail: (error) => {
        const report = failureReport(error, (fieldPath) =>
          fieldPath === 'outcome' ? { elementId: groupId, label: 'Ergebnis' } : fieldPath === 'reason' ? { elementId: reasonId, label: 'Begründung' } : undefined,
        );
        showErrors(summary, report, { heading: 'h4' });
      },
    }).finally(() => {
      button.disabled = false;
    });
  });
  return form;
}

function referralBlock(view: CaseView, referral: Referral): HTMLElement {
  const { profile } = view;
  const number = referralNumber(referral.referralId);
  const openForOutcome = view.own && outcomesAfter(referral.status).length > 0;
  return h(
    'section',
    { class: 'vermittlung' },
    h('h3', {}, `Vermittlung ${number}: ${nameIn(profile.needCategories, referral.needCategory)}`),
    definitionList([
      ['Vermittlungsnummer', referral.referralId],
      ['Stelle', referral.serviceId === undefined ? 'Keine Stelle gewählt' : nameIn(profile.services, referral.serviceId)],
      ['Stand', h('span', {}, REFERRAL_STATUS_LABELS[referral.status], ' ', marksElement(isReferralOverdue(referral) ? [OVERDUE] : []))],
      ['Angelegt', timeElement(referral.createdAt)],
      ['Verschickt', optionalTime(referral.sentAt)],
      ['Erinnerung an die Stelle', optionalTime(referral.reminderSentAt)],
      ['An die Koordination gemeldet', optionalTime(referral.escalatedAt)],
      ['Ergebnis erfasst', optionalTime(referral.outcomeAt)],
      ['Begründung', referral.outcomeReason === undefined ? undefined : h('bdi', { class: 'mehrzeilig' }, referral.outcomeReason)],
    ]),
    openForOutcome && outcomeForm(view, referral),
  );
}

function referralsSection(view: CaseView): HTMLElement {
  const { referrals } = view.detail;
  return section(
    'Vermittlungen',
    referrals.length === 0 && h('p', {}, 'Noch keine Vermittlungen. Sie entstehen mit der Einschätzung, eine je Bedarf.'),
    ...referrals.map((referral) => referralBlock(view, referral)),
  );
}

function revokeControl(view: CaseView, consent: Consent, serviceName: string): HTMLElement {
  const summary = h('div', {});
  const trigger = h('button', { type: 'button', class: 'secondary', id: `widerruf-${consent.consentId}` }, `Einwilligung für ${serviceName} widerrufen`);
  const step = confirmStep({
    trigger,
    question: `Hat die Person ihre Einwilligung für ${serviceName} widerrufen? Offene Vermittlungen an diese Stelle werden sofort gestoppt. Das lässt sich nicht rückgängig machen.`,
    confirmLabel: 'Ja, Widerruf erfassen',
    onConfirm: () =>
      act(view, {
        busy: 'Der Widerruf wird gespeichert.',
        run: async () => {
          const { stoppedReferrals } = await api<RevokeAnswer>(
            'POST',
            `${casePath(view.caseId)}/consents/${encodeURIComponent(consent.consentId)}/revoke`,
          );
          const stopped = stoppedReferrals.length === 0 ? '' : ` Gestoppt: ${stoppedReferrals.map((id) => `Vermittlung ${referralNumber(id)}`).join(', ')}.`;
          return `Widerruf der Einwilligung für ${serviceName} gespeichert.${stopped}`;
        },
        fail: (error) => {
          showErrors(summary, failureReport(error, () => undefined), { heading: 'h3' });
        },
      }),
  });
  return h('div', {}, summary, step);
}

function consentItem(view: CaseView, consent: Consent): HTMLLIElement {
  const service = view.profile.services.find((s) => s.id === consent.recipientServiceId);
  const serviceName = service?.name ?? consent.recipientServiceId;
  return h(
    'li',
    {},
    h('p', {}, h('strong', {}, serviceName)),
    service !== undefined && h('p', {}, `Zweck: Vermittlung. Die Stelle erhält nur diese Angaben, soweit erfasst: ${dataFieldList(service.dataFields)}.`),
    h('p', {}, `Erteilt ${CONSENT_FORM_LABELS[consent.form]} am `, dateElement(consent.givenAt), '. ', consent.revokedAt === undefined ? 'Gültig.' : h('span', {}, 'Widerrufen am ', timeElement(consent.revokedAt), '.')),
    consent.revokedAt === undefined && revokeControl(view, consent, serviceName),
  );
}

function consentsSection(view: CaseView): HTMLElement {
  const { consents } = view.detail;
  return section(
    'Einwilligungen',
    consents.length === 0 ? h('p', {}, 'Es sind keine Einwilligungen für Vermittlungen erfasst.') : h('ul', { class: 'einwilligungen' }, ...consents.map((consent) => consentItem(view, consent))),
  );
}

function closeSection(view: CaseView): HTMLElement | undefined {
  if (!view.own || view.detail.case.stage !== 'monitoring') return undefined;
  const summary = h('div', {});
  const trigger = h('button', { type: 'button', id: 'abschliessen' }, 'Fall abschließen');
  return section(
    'Abschluss',
    h('p', {}, 'Alle Vermittlungen haben eine Rückmeldung. Wenn die Begleitung endet, schließen Sie den Fall ab: danach lässt er sich nur noch lesen, und seine Daten werden nach Ablauf der Aufbewahrungsfrist gelöscht.'),
    summary,
    confirmStep({
      trigger,
      question: `Fall ${view.caseId} wirklich abschließen? Das lässt sich nicht rückgängig machen.`,
      confirmLabel: 'Ja, Fall abschließen',
      onConfirm: () =>
        act(view, {
          busy: 'Der Fall wird abgeschlossen.',
          run: async () => {
            const { expiresAt } = await api<CloseAnswer>('POST', `${casePath(view.caseId)}/close`);
            return `Fall abgeschlossen. Seine Daten werden am ${germanDateOf(new Date(expiresAt * 1000), view.profile.district.timeZone)} gelöscht.`;
          },
          fail: (error) => {
            showErrors(summary, failureReport(error, () => undefined), { heading: 'h3' });
          },
        }),
    }),
  );
}

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
  try {
    detail = await api<CaseDetail>('GET', casePath(context.caseId));
  } catch (error) {
    if (done !== undefined) showSuccess(byId('meldung'), done);
    showFailure(container, error);
    setStatus('Der Fall konnte nicht geladen werden.');
    return;
  }
  const view: CaseView = { ...context, detail, own: detail.case.caseManagerId === context.session.userId };
  const title = `Fall ${detail.case.caseId}`;
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  replace(container, overview(view), attentionSection(view.detail.case, view.session, (action) => act(view, action)), personSection(view), assessmentSection(view), referralsSection(view), consentsSection(view), closeSection(view), view.detail.case.stage === 'closed' && reopenSection(view.caseId, (action) => act(view, action)), historySection(view));
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
