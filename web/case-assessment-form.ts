/**
 * The case page's assessment: the needs found with the person, a service per need, and the consents given for
 * them — for the case's case manager while the case waits for it. The rules behind the form are in
 * web/case-assessment.ts (tested without a browser).
 */
import { localDate } from '../core/calendar/local-date.ts';
import type { PublicProfile } from '../core/profile/public-profile.ts';
import { api } from './api.ts';
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
} from './case-assessment.ts';
import { CONSENT_FORM_LABELS } from './case-labels.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { consentFormLink } from './consent-form-link.ts';
import { h, replace } from './dom.ts';
import { choice, clearErrors, failureReport, field, showErrors, type PlacedProblem } from './forms.ts';

interface ConsentBlock {
  readonly element: HTMLElement;
  /** The consent as given in the form; undefined when not ticked. */
  readonly read: () => ConsentChoice | undefined;
}

function consentBlock(caseId: string, service: ProfileService, today: string): ConsentBlock {
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
      h('p', {}, consentFormLink(caseId, service)),
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
    const block = consentBlocks.get(serviceId) ?? consentBlock(view.caseId, service, today);
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
    void view.run({
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

export function assessmentSection(view: CaseView): HTMLElement | undefined {
  if (view.detail.case.stage !== 'awaiting-assessment') return undefined;
  return section(
    'Einschätzung',
    view.own ? assessmentForm(view) : h('p', { class: 'hinweis' }, 'Der Fall wartet auf die Einschätzung; sie nimmt das zuständige Case-Management vor.'),
  );
}
