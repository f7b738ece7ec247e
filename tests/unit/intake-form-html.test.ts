/**
 * The intake form's HTML: every field labelled, hints and errors tied to their controls, the error summary
 * linking to existing controls, hostile values escaped, and what was typed coming back unchanged — checked on the
 * markup itself, by reading it as a browser would submit it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERROR_SUMMARY_HEADING,
  fieldIds,
  formProblems,
  renderIntakeAccepted,
  renderIntakeForm,
  NEXT_STEPS,
} from '../../core/intake/intake-form-html.ts';
import { describeIntake } from '../../core/intake/intake-review.ts';
import { INTAKE_FIELDS, intakeFromForm } from '../../core/intake/intake-form.ts';
import { intakeSchema } from '../../core/intake/intake-schema.ts';
import { DEFAULT_PROFILE_PATH, loadProfileFile } from '../../core/profile/load-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { formatIssues, type FieldError } from '../../core/validation/format-issues.ts';

const districtProfile = loadProfileFile(DEFAULT_PROFILE_PATH);
// The public part is all the form needs: what the browser has from /profile.json.
const profile = publicProfile(districtProfile);
const schema = intakeSchema({ profile: districtProfile, today: '2026-11-24' });

/** Decodes the numeric character references escapeHtml writes (the only ones in the markup). */
const decode = (text: string): string => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

interface Tag {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Where the start tag ends, i.e. where its content begins. */
  readonly end: number;
}

/** The start tags of the markup with their decoded attributes; enough for the renderer's well-formed output. */
function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/g)].map((match) => ({
    name: match[1] ?? '',
    attributes: new Map([...(match[2] ?? '').matchAll(/\s+([a-z-]+)(?:="([^"]*)")?/g)].map((a) => [a[1] ?? '', decode(a[2] ?? '')])),
    end: match.index + match[0].length,
  }));
}

const contentOf = (html: string, tag: Tag): string => html.slice(tag.end, html.indexOf(`</${tag.name}>`, tag.end));
const idsIn = (html: string): string[] => tags(html).flatMap((tag) => tag.attributes.get('id') ?? []);
const describedBy = (tag: Tag): string[] => (tag.attributes.get('aria-describedby') ?? '').split(' ').filter((id) => id !== '');
const isControl = (tag: Tag): boolean => ['input', 'select', 'textarea'].includes(tag.name) && tag.attributes.get('type') !== 'hidden';

/** What a browser sends when the rendered form is submitted as it is. */
function submitted(html: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const tag of tags(html)) {
    const name = tag.attributes.get('name');
    if (name === undefined) continue;
    if (tag.name === 'input') {
      const type = tag.attributes.get('type');
      if ((type === 'checkbox' || type === 'radio') && !tag.attributes.has('checked')) continue;
      params.append(name, tag.attributes.get('value') ?? 'on');
    } else if (tag.name === 'textarea') {
      // The parser drops one newline right after the start tag.
      params.append(name, decode(contentOf(html, tag)).replace(/^\n/, ''));
    } else if (tag.name === 'select') {
      const options = tags(contentOf(html, tag)).filter((t) => t.name === 'option');
      const chosen = options.find((o) => o.attributes.has('selected')) ?? options[0];
      params.append(name, chosen?.attributes.get('value') ?? '');
    }
  }
  return params;
}

const completeForm = (): URLSearchParams =>
  new URLSearchParams([
    ['familyName', 'Al-Hassan'],
    ['givenNames', 'Amira'],
    ['dateOfBirth', '1990-04-12'],
    ['gender', 'female'],
    ['nationality', 'SY'],
    ['languages', 'ar'],
    ['languages', 'en'],
    ['languages', 'ur, am'],
    ['interpreterNeeded', 'ja'],
    ['municipalityId', 'kreuzau'],
    ['address.street', 'Hauptstraße 1'],
    ['address.postalCode', '52372'],
    ['address.city', 'Kreuzau'],
    ['phone', '+49 2421 12345'],
    ['email', 'amira@example.org'],
    ['residenceStatus', 'protection'],
    ['arrivalDate', '2026-10-01'],
    ['needs.categories', 'language'],
    ['needs.categories', 'psychosocial'],
    ['needs.description', 'Sucht einen Sprachkurs.\nAbends erreichbar.'],
    ['requestedFocusArea', 'psychosocial'],
    ['crisis', 'ja'],
    ['consentToProcessing', 'ja'],
  ]);

function errorsOf(form: URLSearchParams): FieldError[] {
  const result = schema.safeParse(intakeFromForm(form).intake);
  return result.success ? [] : formatIssues(result.error.issues);
}

describe('intake form HTML', () => {
  it('posts to the API without the browser’s own validation and without a token of its own', () => {
    const html = renderIntakeForm({ profile });
    const form = tags(html).find((tag) => tag.name === 'form');
    expect(form?.attributes).toEqual(new Map([['id', 'erstaufnahme'], ['method', 'post'], ['action', '/api/intakes'], ['novalidate', '']]));
    expect(html).not.toContain('name="formToken"');
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('fehlerliste');
    expect(renderIntakeForm({ profile, formToken: 'tok-12345678' })).toContain('<input type="hidden" name="formToken" value="tok-12345678">');
  });

  it('has a control for every field of the intake, each with a label, in fieldsets', () => {
    const html = renderIntakeForm({ profile });
    const all = tags(html);
    for (const field of INTAKE_FIELDS) expect(all.some((tag) => isControl(tag) && tag.attributes.get('name') === field.name), field.name).toBe(true);
    const labelled = new Set(all.filter((tag) => tag.name === 'label').map((tag) => tag.attributes.get('for')));
    for (const control of all.filter(isControl)) expect(labelled.has(control.attributes.get('id')), control.attributes.get('id')).toBe(true);
    const legends = all.filter((tag) => tag.name === 'legend').map((tag) => contentOf(html, tag));
    expect(legends).toEqual(expect.arrayContaining(['Person', 'Sprache', 'Wohnort und Kontakt', 'Aufenthalt', 'Bedarf und Schwerpunkt', 'Einwilligung']));
    const ids = idsIn(html);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('labels the fields in German, marking the optional ones', () => {
    const html = renderIntakeForm({ profile });
    const labelOf = (name: string): string => {
      const label = tags(html).find((tag) => tag.name === 'label' && tag.attributes.get('for') === fieldIds(name).control);
      return label === undefined ? '' : contentOf(html, label);
    };
    expect(labelOf('familyName')).toBe('Familienname');
    expect(labelOf('givenNames')).toBe('Vornamen (optional)');
    expect(labelOf('dateOfBirth')).toBe('Geburtsdatum');
    expect(labelOf('municipalityId')).toBe('Kommune');
    expect(labelOf('nationality')).toBe('Staatsangehörigkeit');
  });

  it('offers the profile’s 15 municipalities, need categories and focus areas by name', () => {
    const html = renderIntakeForm({ profile });
    const select = tags(html).find((tag) => tag.name === 'select' && tag.attributes.get('name') === 'municipalityId');
    if (select === undefined) throw new Error('no municipality select');
    const options = tags(contentOf(html, select)).filter((tag) => tag.name === 'option');
    expect(options.map((o) => o.attributes.get('value'))).toEqual(['', ...profile.municipalities.map((m) => m.id)]);
    expect(options).toHaveLength(16);
    expect(html).toContain('>Düren (Stadt)</option>');
    expect(html).toContain('>Vettweiß</option>');
    for (const need of profile.needCategories) expect(html).toContain(`value="${need.id}"`);
    for (const area of profile.focusAreas) expect(html).toContain(`type="radio" id="feld-requestedFocusArea${area.id === profile.focusAreas[0]?.id ? '' : `-${area.id}`}"`);
    expect(html).toContain('>Syrien</option>');
    expect(html).toContain('<option value="stateless">staatenlos</option>');
    expect(html).toContain('>Arabisch</label>');
  });

  it('gives back exactly what was sent, so nothing typed is lost', () => {
    const form = completeForm();
    const html = renderIntakeForm({ profile, values: form, errors: errorsOf(form) });
    expect(intakeFromForm(submitted(html))).toEqual(intakeFromForm(form));
    expect(schema.safeParse(intakeFromForm(submitted(html)).intake).success).toBe(true);
  });

  it('gives back any text typed into the text fields, whatever it contains', () => {
    const textFields = ['familyName', 'givenNames', 'address.street', 'address.postalCode', 'address.city', 'phone', 'email', 'needs.description'];
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: textFields.length, maxLength: textFields.length }), (texts) => {
        const form = completeForm();
        textFields.forEach((name, i) => {
          form.set(name, texts[i] ?? '');
        });
        const html = renderIntakeForm({ profile, values: form, errors: errorsOf(form) });
        const back = submitted(html);
        for (const name of textFields) expect(back.get(name), name).toBe(form.get(name));
      }),
      { numRuns: 100 },
    );
  });

  it('escapes hostile values, error messages and field paths', () => {
    const hostile = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&amp;`;
    const form = completeForm();
    for (const name of ['familyName', 'givenNames', 'needs.description', 'phone', 'address.city']) form.set(name, hostile);
    form.append('languages', hostile);
    form.set('municipalityId', hostile);
    form.set('requestedFocusArea', hostile);
    const errors: FieldError[] = [...errorsOf(form), { field: hostile, message: hostile }, { field: 'familyName', message: `<b onclick="x">${hostile}` }];
    const html = renderIntakeForm({ profile, values: form, errors, formToken: hostile });
    expect(html).not.toMatch(/<script|<img|<b /i);
    // Every "<" opens one of the renderer's own elements.
    expect(new Set(html.match(/<\/?([a-z0-9]+)/g)?.map((t) => t.replace(/[</]/g, '')))).toEqual(
      new Set(['div', 'h2', 'ul', 'li', 'a', 'form', 'p', 'input', 'fieldset', 'legend', 'label', 'span', 'select', 'option', 'textarea', 'button']),
    );
    const values = tags(html).filter((tag) => tag.attributes.get('value') === hostile).map((tag) => tag.attributes.get('name'));
    expect(values).toEqual(['formToken', 'familyName', 'givenNames', 'address.city', 'phone']);
    expect(submitted(html).getAll('languages')).toEqual(['ar', 'en', `ur, am, ${hostile}`]);
    expect(html).toContain('&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
    // A value the form never offered selects nothing.
    expect(submitted(html).get('municipalityId')).toBe('');
    expect(submitted(html).get('needs.description')).toBe(hostile);
  });

  describe('with errors', () => {
    const form = new URLSearchParams('familyName=&dateOfBirth=2030-01-01&languages=ar&languages=1x&address.street=Weg 1&address.postalCode=&address.city=&email=kaputt&needs.description=');
    const errors = [...errorsOf(form), { field: '(gesamt)', message: 'Die Anfrage ist zu groß (höchstens 64 KB).' }];
    const html = renderIntakeForm({ profile, values: form, errors, formToken: 'tok-12345678' });
    const all = tags(html);
    const ids = new Set(idsIn(html));
    const errorElements = all.filter((tag) => tag.attributes.get('class') === 'feldfehler');

    it('finds errors in most fields (the premise of the checks below)', () => {
      expect(errorElements.length).toBeGreaterThanOrEqual(12);
    });

    it('ties every error to its controls by aria-describedby and marks them aria-invalid', () => {
      for (const error of errorElements) {
        const id = error.attributes.get('id') ?? '';
        expect(all.filter((tag) => describedBy(tag).includes(id)).length, id).toBeGreaterThan(0);
      }
      const invalid = all.filter((tag) => tag.attributes.get('aria-invalid') === 'true');
      expect(invalid.length).toBeGreaterThanOrEqual(errorElements.length);
      const errorIds = new Set(errorElements.map((e) => e.attributes.get('id')));
      for (const control of invalid) expect(describedBy(control).some((id) => errorIds.has(id)), control.attributes.get('id')).toBe(true);
      // Controls of fields without an error are not marked.
      expect(all.filter((tag) => isControl(tag) && tag.attributes.get('name') === 'nationality' && tag.attributes.has('aria-invalid'))).toHaveLength(1);
      expect(all.filter((tag) => isControl(tag) && tag.attributes.get('name') === 'phone' && tag.attributes.has('aria-invalid'))).toHaveLength(0);
    });

    it('refers only to elements that exist', () => {
      for (const tag of all) for (const id of describedBy(tag)) expect(ids.has(id), id).toBe(true);
      for (const label of all.filter((tag) => tag.name === 'label')) expect(ids.has(label.attributes.get('for') ?? ''), label.attributes.get('for')).toBe(true);
    });

    it('opens with a summary whose links lead to the fields, in German', () => {
      expect(html.startsWith('<div class="fehlerliste" id="fehlerliste" tabindex="-1" autofocus')).toBe(true);
      expect(html).toContain(`<h2 id="fehlerliste-titel">${ERROR_SUMMARY_HEADING}</h2>`);
      const links = all.filter((tag) => tag.name === 'a');
      expect(links.length).toBe(errorElements.length);
      for (const link of links) {
        const target = (link.attributes.get('href') ?? '').replace(/^#/, '');
        expect(all.some((tag) => isControl(tag) && tag.attributes.get('id') === target), target).toBe(true);
      }
      const texts = links.map((link) => contentOf(html, link));
      expect(texts).toContain('Familienname: darf nicht leer sein');
      expect(texts).toContain('Geburtsdatum: darf nicht in der Zukunft liegen');
      expect(texts).toContain('Postleitzahl: muss eine fünfstellige Postleitzahl sein');
      expect(texts).toContain('Ort: darf nicht leer sein');
      expect(texts).toContain('Bedarfe: mindestens einen Bedarf angeben');
      // The error about the whole request has no field to link to.
      expect(html).toContain('<li>Die Anfrage ist zu groß (höchstens 64 KB).</li>');
    });

    it('shows each field’s error next to it', () => {
      const textOf = (name: string): string | undefined => {
        const element = errorElements.find((e) => e.attributes.get('id') === fieldIds(name).error);
        return element === undefined ? undefined : contentOf(html, element);
      };
      expect(textOf('familyName')).toBe('darf nicht leer sein');
      expect(textOf('languages')).toBe('muss ein Sprachcode wie „ar“ oder „uk“ sein');
      expect(textOf('consentToProcessing')).toMatch(/^ohne Einwilligung/);
      expect(html).toContain(`<div class="feld mit-fehler" id="${fieldIds('familyName').container}">`);
    });
  });
});

describe('form problems', () => {
  it('groups errors by field in form order, links a mistyped language to the text input, and keeps request errors first', () => {
    const problems = formProblems([
      { field: 'consentToProcessing', message: 'fehlt' },
      { field: 'languages[3]', message: 'kein Code' },
      { field: 'languages[4]', message: 'kein Code' },
      { field: 'needs', message: 'fehlt' },
      { field: 'Idempotency-Key', message: 'zu kurz' },
      { field: 'familyName', message: 'leer' },
      { field: 'familyName', message: 'zu lang' },
    ]);
    expect(problems.summary).toEqual([
      { text: 'Idempotency-Key: zu kurz' },
      { text: 'Familienname: leer; zu lang', href: '#feld-familyName' },
      { text: 'Sprachen: kein Code', href: '#feld-languages-weitere' },
      { text: 'Bedarfe: fehlt', href: '#feld-needs-categories' },
      { text: 'Einwilligung: fehlt', href: '#feld-consentToProcessing' },
    ]);
    expect(problems.byField.get('languages')).toBe('kein Code');
    expect(formProblems([{ field: 'languages', message: 'mindestens eine' }]).summary[0]?.href).toBe('#feld-languages');
  });
});

describe('review and answer', () => {
  it('describes the intake in German, in form order, leaving out what was not given', () => {
    const parsed = schema.parse(intakeFromForm(completeForm()).intake);
    const entries = describeIntake(parsed, profile);
    expect(entries.map((e) => e.label)).toEqual(INTAKE_FIELDS.map((f) => f.label));
    const value = (label: string): string | undefined => entries.find((e) => e.label === label)?.value;
    expect(value('Geburtsdatum')).toBe('12.04.1990');
    expect(value('Geschlecht')).toBe('weiblich');
    expect(value('Staatsangehörigkeit')).toBe('Syrien');
    expect(value('Sprachen')).toBe('Arabisch, Englisch, Urdu, Amharisch');
    expect(value('Kommune')).toBe('Kreuzau');
    expect(value('Bedarfe')).toBe('Sprache und Integrationskurs, Psychische Belastung und Krisen');
    expect(value('Gewünschter Schwerpunkt')).toBe('Psychosoziale Beratung');
    expect(value('Dolmetschung')).toBe('Ja');
    expect(value('Einwilligung')).toBe('Ja');

    const minimal = describeIntake({ familyName: 'X', nationality: 'stateless', languages: ['zzz'], crisis: false }, profile);
    expect(minimal).toEqual([
      { label: 'Familienname', value: 'X' },
      { label: 'Staatsangehörigkeit', value: 'staatenlos' },
      { label: 'Sprachen', value: 'zzz' },
      { label: 'Akute Krise', value: 'Nein' },
    ]);
  });

  it('shows the case number in #fallnummer with the next steps', () => {
    const html = renderIntakeAccepted('KIM-2026-ABCDEFGH');
    expect(html).toContain('<strong id="fallnummer" class="fallnummer">KIM-2026-ABCDEFGH</strong>');
    expect(html).toContain('<h2>Wie es weitergeht</h2>');
    for (const step of NEXT_STEPS) expect(html).toContain(step);
    expect(html).toContain('<form method="get" action="/"><button type="submit">Neue Erstaufnahme beginnen</button></form>');
    expect(renderIntakeAccepted('<x>')).toContain('&#60;x&#62;');
  });
});
