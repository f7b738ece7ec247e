/**
 * The start page: the intake form. It is rendered at build time (web/build.ts) and works without JavaScript;
 * this script adds what needs it: the API's own schema checks the input in the browser, mistakes are shown the
 * way the server shows them (core/intake/intake-form-html.ts: same ids, labels, summary), a review comes before
 * the binding submission, and the answer shows the case number. The form stays in the page (hidden during the
 * review), so nothing typed is lost. Focus follows the step: error summary, review heading, answer heading.
 *
 * Only browser-safe modules are imported (no profile loader, which reads files): the profile comes from
 * /profile.json.
 */
import { localDate } from '../../core/calendar/local-date.ts';
import {
  ACCEPTED_HEADING,
  ACCEPTED_ID,
  ACCEPTED_TEMPLATE_ID,
  CASE_NUMBER_ID,
  ERROR_SUMMARY_HEADING,
  ERROR_SUMMARY_ID,
  fieldIds,
  formProblems,
  INTAKE_FORM_ID,
  SUBMIT_BUTTON_ID,
  SUBMIT_LABEL_REVIEW,
} from '../../core/intake/intake-form-html.ts';
import { describeIntake } from '../../core/intake/intake-review.ts';
import { FORM_TOKEN_FIELD, INTAKE_FIELDS, intakeFromForm } from '../../core/intake/intake-form.ts';
import { intakeSchema, type Intake } from '../../core/intake/intake-schema.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { formatIssues, type FieldError } from '../../core/validation/format-issues.ts';
import type { IntakeAccepted } from '../../functions/create-intake/schema.ts';
import { DUPLICATE_MESSAGE } from '../../core/intake/duplicate-warning-html.ts';
import { api, ApiFailure } from '../api.ts';
import { duplicateOf, duplicateWarning } from '../intake-duplicate.ts';
import { byId, h, replace } from '../dom.ts';
import { publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const PAGE_TITLE = document.title;
const ERROR_IDS = new Set(INTAKE_FIELDS.map((field) => fieldIds(field.name).error));

interface IntakePage {
  readonly form: HTMLFormElement;
  readonly profile: PublicProfile;
  /** Sent as Idempotency-Key: a repeated submission (a retry after a lost answer) is the same case. */
  readonly token: string;
}

/** 128 random bits as hex; getRandomValues works on plain http as well, unlike randomUUID. */
function newFormToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The form's fields as a form submission would send them (files cannot occur in this form). */
function formParams(form: HTMLFormElement): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.append(name, value);
  return params;
}

function setDescribedBy(element: Element, ids: readonly string[]): void {
  if (ids.length === 0) element.removeAttribute('aria-describedby');
  else element.setAttribute('aria-describedby', ids.join(' '));
}

const describedIds = (element: Element): string[] => (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id !== '');

function clearErrors(form: HTMLFormElement): void {
  document.getElementById(ERROR_SUMMARY_ID)?.remove();
  for (const element of form.querySelectorAll('.feldfehler')) element.remove();
  for (const element of form.querySelectorAll('.mit-fehler')) element.classList.remove('mit-fehler');
  for (const element of form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
  for (const element of form.querySelectorAll('[aria-describedby]')) setDescribedBy(element, describedIds(element).filter((id) => !ERROR_IDS.has(id)));
  document.title = PAGE_TITLE;
}

/** A summary link moves focus to the control and keeps its label or legend in view. */
function summaryLink(href: string, text: string): HTMLAnchorElement {
  const link = h('a', { href }, text);
  link.addEventListener('click', (event) => {
    const target = document.getElementById(href.slice(1));
    if (target === null) return;
    event.preventDefault();
    target.closest('.weitere, .feld')?.scrollIntoView();
    target.focus({ preventScroll: true });
  });
  return link;
}

/** The same marks as the server's rendering: error text after the label and hint, tied to every control. */
function markField(name: string, text: string): void {
  const ids = fieldIds(name);
  const container = byId(ids.container);
  container.classList.add('mit-fehler');
  const message = h('span', { class: 'feldfehler', id: ids.error }, text);
  const anchor = container.querySelector(':scope > .hilfe') ?? container.querySelector(':scope > legend, :scope > label');
  if (anchor === null) container.prepend(message);
  else anchor.after(message);
  const controls = [...container.querySelectorAll('input, select, textarea')];
  for (const control of controls) control.setAttribute('aria-invalid', 'true');
  for (const element of container instanceof HTMLFieldSetElement ? [container, ...controls] : controls) setDescribedBy(element, [...describedIds(element), ids.error]);
}

function showErrors(form: HTMLFormElement, errors: readonly FieldError[]): void {
  clearErrors(form);
  const problems = formProblems(errors);
  for (const [name, text] of problems.byField) markField(name, text);
  const summary = h(
    'div',
    { class: 'fehlerliste', id: ERROR_SUMMARY_ID, tabindex: '-1', 'aria-labelledby': `${ERROR_SUMMARY_ID}-titel` },
    h('h2', { id: `${ERROR_SUMMARY_ID}-titel` }, ERROR_SUMMARY_HEADING),
    h('ul', {}, ...problems.summary.map((entry) => h('li', {}, entry.href === undefined ? entry.text : summaryLink(entry.href, entry.text)))),
  );
  form.before(summary);
  document.title = `Fehler: ${PAGE_TITLE}`;
  summary.focus();
}

function showAccepted(page: IntakePage, caseId: string): void {
  const template = byId(ACCEPTED_TEMPLATE_ID);
  if (!(template instanceof HTMLTemplateElement)) throw new Error(`#${ACCEPTED_TEMPLATE_ID} is no <template>`);
  const answer = document.importNode(template.content, true);
  const number = answer.getElementById(CASE_NUMBER_ID);
  if (number === null) throw new Error(`#${CASE_NUMBER_ID} missing in the template`);
  number.textContent = caseId;
  document.getElementById('pruefung')?.remove();
  page.form.remove();
  template.before(answer);
  document.title = `${ACCEPTED_HEADING} – ${PAGE_TITLE}`;
  byId(`${ACCEPTED_ID}-titel`).focus();
}

/** Back from the review or the duplicate warning to the form, with everything typed; nothing was stored. */
function backToForm(page: IntakePage, step: HTMLElement): void {
  step.remove();
  page.form.hidden = false;
  page.form.querySelector<HTMLElement>('input:not([type="hidden"]), select, textarea')?.focus();
}

/** The person already has a case: say so (its number only) and ask before a second one is created. */
function showDuplicate(page: IntakePage, intake: Intake, step: HTMLElement, caseIds: readonly string[]): void {
  const warning = duplicateWarning(
    caseIds,
    (shown) => void send(page, { ...intake, duplicateConfirmed: true }, shown.section, shown.failure, shown.buttons),
    () => {
      backToForm(page, warning.section);
      document.title = PAGE_TITLE;
      setStatus('Es wurde kein Fall angelegt.');
    },
  );
  step.replaceWith(warning.section);
  document.title = `${DUPLICATE_MESSAGE} – ${PAGE_TITLE}`;
  warning.section.querySelector<HTMLElement>('h2')?.focus();
}

async function send(
  page: IntakePage,
  intake: Intake & { readonly duplicateConfirmed?: true },
  review: HTMLElement,
  failure: HTMLElement,
  buttons: readonly HTMLButtonElement[],
): Promise<void> {
  for (const button of buttons) button.disabled = true;
  replace(failure);
  setStatus('Wird gesendet …');
  try {
    const answer = await api<IntakeAccepted>('POST', '/api/intakes', intake, { 'idempotency-key': page.token });
    setStatus('Die Erstaufnahme ist gespeichert.');
    showAccepted(page, answer.caseId);
  } catch (error) {
    setStatus('');
    const duplicates = duplicateOf(error);
    if (duplicates !== undefined && duplicates.length > 0) {
      showDuplicate(page, intake, review, duplicates);
      return;
    }
    // What the server finds wrong with a field is shown at the field, exactly as the browser's own check does.
    if (error instanceof ApiFailure && error.status === 400 && error.errors.length > 0) {
      review.remove();
      page.form.hidden = false;
      showErrors(page.form, error.errors);
      return;
    }
    for (const button of buttons) button.disabled = false;
    showFailure(failure, error);
    buttons.at(-1)?.focus();
  }
}

function showReview(page: IntakePage, intake: Intake): void {
  const heading = h('h2', { id: 'pruefung-titel', tabindex: '-1' }, 'Angaben vor dem Absenden prüfen');
  const change = h('button', { type: 'button', class: 'secondary' }, 'Angaben ändern');
  const submit = h('button', { type: 'button' }, 'Verbindlich absenden');
  const failure = h('div', {});
  const review = h(
    'section',
    { id: 'pruefung', 'aria-labelledby': 'pruefung-titel' },
    heading,
    h('p', {}, 'Bitte gehen Sie die Angaben mit der Person durch. Mit „Verbindlich absenden“ wird der Fall angelegt.'),
    h('dl', { class: 'angaben' }, ...describeIntake(intake, page.profile).flatMap((entry) => [h('dt', {}, entry.label), h('dd', {}, entry.value)])),
    failure,
    h('div', { class: 'aktionen' }, change, submit),
  );
  change.addEventListener('click', () => {
    backToForm(page, review);
  });
  submit.addEventListener('click', () => void send(page, intake, review, failure, [change, submit]));
  page.form.hidden = true;
  page.form.after(review);
  heading.focus();
}

/** Checks with the API's schema; shows the mistakes, or the review. */
function check(page: IntakePage): void {
  const { intake } = intakeFromForm(formParams(page.form));
  // Copies: the schema takes the profile's (mutable) list types; it only reads the ids.
  const schema = intakeSchema({
    profile: { municipalities: [...page.profile.municipalities], needCategories: [...page.profile.needCategories] },
    today: localDate(new Date(), page.profile.district.timeZone),
  });
  const result = schema.safeParse(intake);
  if (!result.success) {
    showErrors(page.form, formatIssues(result.error.issues));
    return;
  }
  clearErrors(page.form);
  showReview(page, result.data);
}

async function main(): Promise<void> {
  if ((await startPage(['intake', 'coordinator'])) === undefined) return;
  const form = document.getElementById(INTAKE_FORM_ID);
  if (!(form instanceof HTMLFormElement)) return;
  let profile: PublicProfile;
  try {
    profile = await publicProfile();
  } catch (error) {
    // Without the profile the form still works as it does without JavaScript: posted, checked by the API.
    const box = h('div', {});
    form.before(box);
    showFailure(box, error);
    return;
  }
  const token = newFormToken();
  form.prepend(h('input', { type: 'hidden', name: FORM_TOKEN_FIELD, value: token }));
  byId(SUBMIT_BUTTON_ID).textContent = SUBMIT_LABEL_REVIEW;
  const page: IntakePage = { form, profile, token };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      check(page);
    } catch (error) {
      // The check itself broke (a bug, not a mistake in the form): the API checks instead, as without JavaScript.
      console.error(error);
      form.submit();
    }
  });
}

void main();
