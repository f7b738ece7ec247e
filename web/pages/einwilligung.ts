// "Einwilligungsformular": the consent form for one service of a case (?fall=<caseId>&stelle=<serviceId>&sprache=<code>),
// German beside the person's language, row by row, to print and sign. Each translated block carries its own lang
// and dir, so right-to-left scripts lay out mirrored while the German column stays left-to-right; filled-in values
// (names, numbers, dates, addresses) are isolated with <bdi> so they do not reorder the sentence around them.
import type { ConsentSheet, SentencePart } from '../../core/consent-forms/consent-form.ts';
import type { ConsentFormAnswer } from '../../core/consent-forms/read-consent-form.ts';
import type { ConsentSentenceKey } from '../../core/profile/consent-form-texts.ts';
import { germanName } from '../../core/intake/client-labels.ts';
import { api } from '../api.ts';
import { germanDate } from '../dates.ts';
import { byId, h, replace, type Child } from '../dom.ts';
import { field } from '../forms.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const sentence = (parts: readonly SentencePart[]): Child[] => parts.map((part) => ('value' in part ? h('bdi', {}, part.value) : part.text));

/** One cell of a row: the German or the translated column, with its language and direction. */
function cell(sheet: ConsentSheet, ...children: readonly Child[]): HTMLDivElement {
  return h('div', { class: `spalte ${sheet.lang === 'de' ? 'deutsch' : 'uebersetzung'}`, lang: sheet.lang, dir: sheet.dir }, ...children);
}

function rows(form: ConsentFormAnswer): HTMLElement[] {
  const sheets = form.translation === undefined ? [form.german] : [form.german, form.translation];
  const row = (content: (sheet: ConsentSheet) => readonly Child[]): HTMLDivElement =>
    h('div', { class: `zeile${sheets.length === 1 ? ' einsprachig' : ''}` }, ...sheets.map((sheet) => cell(sheet, ...content(sheet))));
  const paragraph = (key: ConsentSentenceKey) => (sheet: ConsentSheet) => [h('p', {}, ...sentence(sheet.sentences[key]))];
  const heading = (key: ConsentSentenceKey, level: 'h2' | 'h3') => (sheet: ConsentSheet) => [h(level, {}, ...sentence(sheet.sentences[key]))];
  const signatureLine = (key: ConsentSentenceKey) => (sheet: ConsentSheet) => [h('div', { class: 'linie' }), h('p', {}, ...sentence(sheet.sentences[key]))];
  return [
    row(heading('title', 'h2')),
    row(paragraph('intro')),
    row((sheet) => [...heading('recipientHeading', 'h3')(sheet), h('p', {}, h('bdi', {}, form.service.name))]),
    row((sheet) => [...heading('purposeHeading', 'h3')(sheet), h('p', {}, sheet.purpose)]),
    row((sheet) => [...heading('categoriesHeading', 'h3')(sheet), h('ul', {}, ...sheet.categories.map((category) => h('li', {}, category.label)))]),
    row(paragraph('voluntary')),
    row(paragraph('withdrawal')),
    row(paragraph('withdrawalHow')),
    row(paragraph('refusal')),
    row(paragraph('retention')),
    row((sheet) => [
      ...heading('personHeading', 'h3')(sheet),
      h(
        'dl',
        { class: 'person' },
        h('dt', {}, ...sentence(sheet.sentences.nameLabel)),
        h('dd', {}, h('bdi', {}, form.person.name)),
        h('dt', {}, ...sentence(sheet.sentences.dateOfBirthLabel)),
        h('dd', {}, h('bdi', {}, germanDate(form.person.dateOfBirth))),
        h('dt', {}, ...sentence(sheet.sentences.caseNumberLabel)),
        h('dd', {}, h('bdi', {}, form.caseId)),
      ),
    ]),
    h('div', { class: 'unterschrift' }, row(signatureLine('placeDate')), row(signatureLine('signature'))),
  ];
}

/** The district has not confirmed the translation yet: said on screen and on paper, in both languages. */
function reviewMark(form: ConsentFormAnswer): HTMLElement | false {
  const translation = form.translation;
  if (translation === undefined || translation.reviewed !== undefined) return false;
  return h(
    'div',
    { class: 'zeile pruefvermerk', role: 'note' },
    cell(form.german, h('p', {}, ...sentence(form.german.sentences.unreviewed))),
    cell(translation, h('p', {}, ...sentence(translation.sentences.unreviewed))),
  );
}

function renderForm(form: ConsentFormAnswer): HTMLElement {
  const note = form.translation?.note;
  return h(
    'article',
    { class: 'einwilligung', 'aria-label': `Einwilligungsformular für ${form.service.name}` },
    form.notice !== undefined && h('p', { class: 'hinweis steuerung' }, form.notice),
    reviewMark(form),
    note !== undefined && h('p', { class: 'hinweis', lang: note.lang, dir: form.translation?.dir ?? 'auto' }, note.text),
    ...rows(form),
  );
}

function controls(form: ConsentFormAnswer, load: (language: string) => Promise<void>): HTMLElement {
  const select = h(
    'select',
    { name: 'sprache' },
    ...form.languages.map(({ code }) =>
      h('option', { value: code, ...(code === form.language ? { selected: true } : {}) }, code === 'de' ? 'nur Deutsch' : `Deutsch und ${germanName('language', code)}`),
    ),
  );
  const formElement = h(
    'form',
    { novalidate: true },
    field('einwilligung-sprache', 'Sprache des Formulars', select, 'Die Übersetzung steht neben dem deutschen Text.'),
    h('div', { class: 'aktionen' }, h('button', { type: 'submit', class: 'secondary' }, 'Sprache wechseln'), h('button', { type: 'button', id: 'drucken' }, 'Drucken')),
  );
  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(select.value);
  });
  formElement.querySelector('#drucken')?.addEventListener('click', () => {
    window.print();
  });
  return formElement;
}

async function main(): Promise<void> {
  if ((await startPage(['casemanager', 'coordinator'])) === undefined) return;
  const params = new URLSearchParams(location.search);
  const caseId = params.get('fall') ?? '';
  const serviceId = params.get('stelle') ?? '';
  replace(byId('zurueck'), h('a', { href: `/fall.html?id=${encodeURIComponent(caseId)}` }, 'Zurück zum Fall'));
  const container = byId('formular');
  const load = async (language: string | null): Promise<void> => {
    setStatus('Das Formular wird geladen.');
    const query = new URLSearchParams({ service: serviceId, ...(language === null ? {} : { lang: language }) });
    try {
      const form = await api<ConsentFormAnswer>('GET', `/api/cases/${encodeURIComponent(caseId)}/consent-form?${query.toString()}`);
      history.replaceState(null, '', `?${new URLSearchParams({ fall: caseId, stelle: serviceId, sprache: language ?? form.language }).toString()}`);
      replace(byId('steuerung'), controls(form, load));
      replace(container, renderForm(form));
      setStatus(`Einwilligungsformular für ${form.service.name} geladen.`);
    } catch (error) {
      setStatus('');
      showFailure(container, error);
    }
  };
  await load(params.get('sprache'));
}

void main();
