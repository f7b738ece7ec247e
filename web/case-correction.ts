/**
 * "Angaben berichtigen" on the case page (web/pages/fall.ts): the case manager of the case or the coordination
 * corrects the person's data (Art. 16 DSGVO). The form holds the stored values; what is sent is checked by the
 * intake's rules (core/casework/correct-client-input.ts), an emptied optional field is removed, and the history then
 * names the corrected fields, never their values. When a change of municipality means the case cannot stay as it is,
 * the page says what follows (core/casework/correct-client.ts), and the case shows "Klärung nötig" with the way to the
 * hand-over.
 */
import type { ClientRecord } from '../core/cases/case.ts';
import { CORRECTABLE_FIELD_LABELS, type CorrectableField } from '../core/casework/correct-client-fields.ts';
import { GENDER_LABELS, RESIDENCE_STATUS_LABELS } from '../core/intake/client-labels.ts';
import type { CorrectionAnswer } from '../functions/correct-client/schema.ts';
import { actionForm, fieldsOf, type ActionField } from './action-form.ts';
import { api } from './api.ts';
import { casePath, section, type CaseView } from './case-view.ts';
import { h } from './dom.ts';
import { choice, field, type FormControl } from './forms.ts';

const id = (name: string): string => `berichtigen-${name.replace('.', '-')}`;

function labelled(path: string, label: string, control: FormControl, hint?: string): ActionField {
  return { element: field(id(path), label, control, hint), path, id: id(path), label };
}

const text = (name: string, value: string | undefined, attributes: Record<string, string | number | boolean> = {}): HTMLInputElement =>
  h('input', { type: 'text', name, value: value ?? '', ...attributes });

function select(name: string, value: string | undefined, options: readonly (readonly [string, string])[], empty?: string): HTMLSelectElement {
  return h(
    'select',
    { name },
    empty !== undefined && h('option', { value: '', selected: value === undefined }, empty),
    ...options.map(([optionValue, label]) => h('option', { value: optionValue, selected: optionValue === value }, label)),
  );
}

/** Empty text: the optional field is removed (null); otherwise the trimmed text. */
const optional = (control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): string | null => (control.value.trim() === '' ? null : control.value.trim());

function correctionForm(view: CaseView, client: Partial<ClientRecord>): HTMLFormElement {
  const { profile } = view;
  const familyName = text('familyName', client.familyName, { required: true, autocomplete: 'off' });
  const givenNames = text('givenNames', client.givenNames, { autocomplete: 'off' });
  const dateOfBirth = h('input', { type: 'date', name: 'dateOfBirth', value: client.dateOfBirth ?? '', required: true });
  const gender = select('gender', client.gender, Object.entries(GENDER_LABELS), 'keine Angabe');
  const nationality = text('nationality', client.nationality, { required: true, autocomplete: 'off' });
  const languages = text('languages', client.languages?.join(', '), { required: true, autocomplete: 'off' });
  const interpreterNeeded = h('input', { type: 'checkbox', id: id('interpreterNeeded'), name: 'interpreterNeeded', checked: client.interpreterNeeded === true });
  const municipality = select('municipalityId', client.municipalityId, profile.municipalities.map((m) => [m.id, m.name] as const));
  const street = text('street', client.address?.street, { autocomplete: 'off' });
  const postalCode = text('postalCode', client.address?.postalCode, { inputmode: 'numeric', autocomplete: 'off' });
  const city = text('city', client.address?.city, { autocomplete: 'off' });
  const phone = h('input', { type: 'tel', name: 'phone', value: client.phone ?? '', autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', value: client.email ?? '', autocomplete: 'off' });
  const residenceStatus = select('residenceStatus', client.residenceStatus, Object.entries(RESIDENCE_STATUS_LABELS));
  const arrivalDate = h('input', { type: 'date', name: 'arrivalDate', value: client.arrivalDate ?? '', required: true });
  // Coordinators do not see a psychosocial case's description (read-cases.ts): then it is not offered for correction either.
  const shownDescription = client.needsDescription !== undefined || view.own;
  const description = h('textarea', { name: 'needsDescription', rows: 3 }, client.needsDescription ?? '');
  const label = (name: CorrectableField): string => CORRECTABLE_FIELD_LABELS[name];
  const interpreterField: ActionField = { element: choice(interpreterNeeded, 'Dolmetschung benötigt'), path: 'interpreterNeeded', id: id('interpreterNeeded'), label: label('interpreterNeeded') };
  const fields: ActionField[] = [
    labelled('familyName', label('familyName'), familyName),
    labelled('givenNames', label('givenNames'), givenNames, 'Leer lassen, wenn die Person keinen Vornamen hat.'),
    labelled('dateOfBirth', label('dateOfBirth'), dateOfBirth),
    labelled('gender', label('gender'), gender),
    labelled('nationality', label('nationality'), nationality, 'Ländercode wie „SY“ oder „UA“, sonst „stateless“ (staatenlos) oder „unknown“ (unbekannt).'),
    labelled('languages', label('languages'), languages, 'Sprachcodes, durch Komma getrennt, z. B. „ar, en“.'),
    interpreterField,
    labelled('municipalityId', label('municipalityId'), municipality, 'Ein Umzug prüft die Zuständigkeit neu.'),
    labelled('address.street', 'Straße und Hausnummer', street),
    labelled('address.postalCode', 'Postleitzahl', postalCode),
    labelled('address.city', 'Ort', city),
    labelled('phone', label('phone'), phone),
    labelled('email', label('email'), email),
    labelled('residenceStatus', label('residenceStatus'), residenceStatus),
    labelled('arrivalDate', label('arrivalDate'), arrivalDate),
    ...(shownDescription ? [labelled('needsDescription', label('needsDescription'), description)] : []),
  ];
  const { content, place } = fieldsOf(fields);
  return actionForm({
    run: view.run,
    className: 'berichtigen-formular',
    content: [h('p', {}, 'Ein geleertes freiwilliges Feld wird gelöscht. Die Anschrift ganz oder gar nicht.'), ...content],
    // The address as a whole (all three or none) is reported at its first field.
    place: { ...place, address: { elementId: id('address.street'), label: 'Anschrift' } },
    submitLabel: 'Angaben berichtigen',
    busy: 'Die Angaben werden berichtigt.',
    submit: async () => {
      const address = [street, postalCode, city].every((control) => control.value.trim() === '') ? null : { street: street.value.trim(), postalCode: postalCode.value.trim(), city: city.value.trim() };
      const answer = await api<CorrectionAnswer>('POST', `${casePath(view.caseId)}/client-corrections`, {
        version: client.version,
        familyName: familyName.value.trim(),
        givenNames: optional(givenNames),
        dateOfBirth: dateOfBirth.value,
        gender: optional(gender),
        nationality: nationality.value.trim(),
        languages: languages.value.split(/[\s,;]+/).filter((code) => code !== ''),
        interpreterNeeded: interpreterNeeded.checked,
        municipalityId: municipality.value,
        address,
        phone: optional(phone),
        email: optional(email),
        residenceStatus: residenceStatus.value,
        arrivalDate: arrivalDate.value,
        ...(shownDescription ? { needsDescription: optional(description) } : {}),
      });
      if (answer.changed.length === 0) return 'Es gab nichts zu berichtigen: die Angaben waren bereits so gespeichert.';
      const done = `Daten berichtigt: ${answer.changed.map(label).join(', ')}.`;
      return answer.consequence === undefined ? done : `${done} ${answer.consequence}`;
    },
  });
}

export function correctionSection(view: CaseView): HTMLElement | undefined {
  const client = view.detail.client;
  if (client?.version === undefined) return undefined;
  return section(
    'Angaben berichtigen',
    h(
      'p',
      {},
      'Sind Angaben zur Person falsch oder veraltet, werden sie hier berichtigt (Art. 16 DSGVO). Der Verlauf nennt, welche Angaben berichtigt wurden, von wem und wann – nie die alten oder neuen Werte.',
    ),
    h('details', {}, h('summary', {}, 'Formular zum Berichtigen öffnen'), correctionForm(view, client)),
  );
}
