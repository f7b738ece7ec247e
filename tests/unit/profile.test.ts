import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DemoDataError, parseDemoData } from '../../core/profile/demo-data-schema.ts';
import { DEFAULT_PROFILE_PATH, ProfileError, loadProfileFile, parseProfile } from '../../core/profile/load-profile.ts';
import { FOCUS_AREA_IDS, scopeIncludes } from '../../core/profile/schema.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import { describeFieldErrors, formatIssues } from '../../core/validation/format-issues.ts';
import { DEFAULT_DEMO_DATA_PATH, loadDemoData } from '../../local/demo/load-demo-data.ts';

/** Raw JSON as the district writes it; the tests break copies of it via paths like ['providers', 4, 'municipalities']. */
type Raw = Record<string, unknown>;
type Path = readonly (string | number)[];

function rawProfile(): Raw {
  return JSON.parse(readFileSync(DEFAULT_PROFILE_PATH, 'utf8')) as Raw;
}

function rawDemoData(): Raw {
  return JSON.parse(readFileSync(DEFAULT_DEMO_DATA_PATH, 'utf8')) as Raw;
}

function get(raw: Raw, path: Path): unknown {
  return path.reduce<unknown>((node, key) => {
    if (typeof node !== 'object' || node === null) throw new Error(`no ${String(key)} in ${path.join('.')}`);
    return (node as Record<string | number, unknown>)[key];
  }, raw);
}

function set(raw: Raw, path: Path, value: unknown): void {
  const parent = get(raw, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path.at(-1);
  if (key === undefined) throw new Error('empty path');
  parent[key] = value;
}

function strings(raw: Raw, path: Path): string[] {
  const value = get(raw, path);
  if (!Array.isArray(value)) throw new Error(`${path.join('.')} is not a list`);
  return value as string[];
}

function indexWhere(raw: Raw, list: string, match: (entry: Raw) => boolean): number {
  const index = (get(raw, [list]) as Raw[]).findIndex(match);
  if (index < 0) throw new Error(`no matching entry in ${list}`);
  return index;
}

function errorOf(parse: () => unknown): ProfileError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('expected a ProfileError, but parsing succeeded');
}

const profile: DistrictProfile = loadProfileFile(DEFAULT_PROFILE_PATH);
const PSYCHOSOCIAL_SIX = ['dueren', 'heimbach', 'nideggen', 'kreuzau', 'huertgenwald', 'vettweiss'];

describe('Kreis Düren profile', () => {
  it('parses and describes the district', () => {
    expect(profile.district.name).toBe('Kreis Düren');
    expect(profile.district.timeZone).toBe('Europe/Berlin');
    expect(profile.district.holidayRegion).toEqual({ country: 'DE', state: 'NW' });
    expect(profile.officeHours.fri).toEqual([{ from: '08:00', to: '13:00' }]);
    expect(profile.officeHours.sat).toEqual([]);
  });

  it('has the 15 municipalities with their German names', () => {
    expect(profile.municipalities).toHaveLength(15);
    const names = profile.municipalities.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Jülich', 'Hürtgenwald', 'Nörvenich', 'Vettweiß']));
  });

  it('has five welfare and three municipal providers, all marked as placeholders', () => {
    expect(profile.providers.filter((p) => p.kind === 'welfare')).toHaveLength(5);
    const municipal = profile.providers.filter((p) => p.kind === 'municipality');
    expect(municipal).toHaveLength(3);
    const municipalityIds = new Set(profile.municipalities.map((m) => m.id));
    for (const provider of municipal) expect(municipalityIds.has(provider.municipalityId ?? '')).toBe(true);
    expect(profile.providers.every((p) => p.placeholder)).toBe(true);
  });

  it('offers psychosocial counselling exactly in the six municipalities of the programme', () => {
    const psychosocial = profile.focusAreas.find((area) => area.id === 'psychosocial');
    expect(psychosocial?.eligibleMunicipalities).not.toBe('all');
    const eligible = psychosocial?.eligibleMunicipalities;
    expect(Array.isArray(eligible) ? [...eligible].sort() : eligible).toEqual([...PSYCHOSOCIAL_SIX].sort());
    for (const id of ['welcome', 'labour'] as const) {
      expect(profile.focusAreas.find((area) => area.id === id)?.eligibleMunicipalities).toBe('all');
    }
  });

  it('leaves housing without a service on purpose, so such a need becomes a gap report', () => {
    const served = new Set(profile.services.flatMap((s) => s.needCategories));
    expect(profile.needCategories.filter((n) => !served.has(n.id)).map((n) => n.id)).toEqual(['housing']);
  });

  it('has the six bodies, the Jour fixe twice a month', () => {
    expect(profile.bodies.map((b) => b.id).sort()).toEqual(
      ['ak-fluechtlingsarbeit', 'ak-frauen', 'ak-migration', 'integrationskurskonferenz', 'jour-fixe', 'steering-group'].sort(),
    );
    expect(profile.bodies.find((b) => b.id === 'jour-fixe')?.rrule).toBe('FREQ=MONTHLY;BYDAY=2TU,4TU');
  });
});

describe('broken profiles name the exact field', () => {
  const cases: { name: string; breakIt: (raw: Raw) => void; field: string; message: RegExp }[] = [
    {
      name: 'misspelt key',
      breakIt: (raw) => {
        set(raw, ['district', 'timezone'], get(raw, ['district', 'timeZone']));
        set(raw, ['district', 'timeZone'], undefined);
      },
      field: 'district.timezone',
      message: /unbekanntes Feld/,
    },
    {
      name: 'no supervisory authority (the state differs from district to district)',
      breakIt: (raw) => {
        set(raw, ['district', 'dataProtection', 'supervisoryAuthority'], undefined);
      },
      field: 'district.dataProtection.supervisoryAuthority',
      message: /erwartet object, erhalten undefined/,
    },
    {
      name: 'an empty legal basis',
      breakIt: (raw) => {
        set(raw, ['district', 'dataProtection', 'legalBasis'], ' ');
      },
      field: 'district.dataProtection.legalBasis',
      message: /darf nicht leer sein/,
    },
    {
      name: 'the authority’s web address without https',
      breakIt: (raw) => {
        set(raw, ['district', 'dataProtection', 'supervisoryAuthority', 'url'], 'http://www.ldi.nrw.de');
      },
      field: 'district.dataProtection.supervisoryAuthority.url',
      message: /muss eine Web-Adresse mit https:\/\/ sein/,
    },
    {
      name: 'misspelt top-level key',
      breakIt: (raw) => {
        raw.bodys = raw.bodies;
      },
      field: 'bodys',
      message: /unbekanntes Feld/,
    },
    {
      name: 'psychosocial offered in Jülich',
      breakIt: (raw) => {
        strings(raw, ['providers', 4, 'municipalities']).push('juelich');
      },
      field: 'providers[4].municipalities[3]',
      message: /Psychosoziale Beratung wird in „juelich“ nicht angeboten/,
    },
    {
      name: 'psychosocial provider covering all municipalities',
      breakIt: (raw) => {
        set(raw, ['providers', 4, 'municipalities'], 'all');
      },
      field: 'providers[4].municipalities',
      message: /„all“ schließt Kommunen ein/,
    },
    {
      name: 'Jour fixe starting at 17:00',
      breakIt: (raw) => {
        set(raw, ['bodies', 0, 'start'], '17:00');
      },
      field: 'bodies[0].start',
      message: /17:00–19:00 liegt am Dienstag nicht innerhalb der Bürozeiten \(08:00–16:00\)/,
    },
    {
      name: 'meeting running past Friday noon office hours',
      breakIt: (raw) => {
        set(raw, ['bodies', 1, 'rrule'], 'FREQ=YEARLY;BYMONTH=5,11;BYDAY=2FR');
        set(raw, ['bodies', 1, 'start'], '12:00');
      },
      field: 'bodies[1].start',
      message: /Freitag/,
    },
    {
      name: 'welcome counselling uncovered in Titz',
      breakIt: (raw) => {
        set(raw, ['providers', 0, 'focusAreas'], ['labour']);
        const northern = strings(raw, ['providers', 1, 'municipalities']);
        set(raw, ['providers', 1, 'municipalities'], northern.filter((id) => id !== 'titz'));
      },
      field: 'focusAreas[0].eligibleMunicipalities',
      message: /Willkommensberatung ist in Titz \(„titz“\) von keinem Träger abgedeckt/,
    },
    {
      name: 'psychosocial counselling uncovered in Heimbach',
      breakIt: (raw) => {
        const southern = strings(raw, ['providers', 2, 'municipalities']);
        set(raw, ['providers', 2, 'municipalities'], southern.filter((id) => id !== 'heimbach'));
      },
      field: 'focusAreas[2].eligibleMunicipalities[1]',
      message: /Psychosoziale Beratung ist in Heimbach/,
    },
    {
      name: 'duplicate municipality id',
      breakIt: (raw) => {
        set(raw, ['municipalities', 3, 'id'], 'dueren');
      },
      field: 'municipalities[3].id',
      message: /„dueren“ ist doppelt vergeben/,
    },
    {
      name: 'service for an unknown need category',
      breakIt: (raw) => {
        set(raw, ['services', 0, 'needCategories'], ['aufenthalt']);
      },
      field: 'services[0].needCategories[0]',
      message: /keine Bedarfskategorie/,
    },
    {
      name: 'unknown client data field',
      breakIt: (raw) => {
        set(raw, ['services', 0, 'dataFields'], ['name', 'religion']);
      },
      field: 'services[0].dataFields[1]',
      message: /Ungültige Option/,
    },
    {
      name: 'decline reason code given twice',
      breakIt: (raw) => {
        set(raw, ['referralDeclineReasons', 2, 'id'], 'no-capacity');
      },
      field: 'referralDeclineReasons[2].id',
      message: /„no-capacity“ kommt mehrfach vor/,
    },
    {
      name: 'no decline reasons',
      breakIt: (raw) => {
        set(raw, ['referralDeclineReasons'], []);
      },
      field: 'referralDeclineReasons',
      message: /mindestens ein Ablehnungsgrund/,
    },
    {
      name: 'unknown time zone',
      breakIt: (raw) => {
        set(raw, ['district', 'timeZone'], 'Europe/Dueren');
      },
      field: 'district.timeZone',
      message: /keine bekannte Zeitzone/,
    },
    {
      name: 'RRULE with a time part',
      breakIt: (raw) => {
        set(raw, ['bodies', 0, 'rrule'], 'FREQ=MONTHLY;BYDAY=2TU;BYHOUR=10');
      },
      field: 'bodies[0].rrule',
      message: /„BYHOUR“ ist nicht erlaubt/,
    },
    {
      name: 'office hours ending before they start',
      breakIt: (raw) => {
        set(raw, ['officeHours', 'mon', 0, 'to'], '07:00');
      },
      field: 'officeHours.mon[0].to',
      message: /muss nach Beginn 08:00 liegen/,
    },
    {
      name: 'escalation before reminder',
      breakIt: (raw) => {
        set(raw, ['reminders', 'outcomeEscalationWorkingDays'], 5);
      },
      field: 'reminders.outcomeEscalationWorkingDays',
      message: /erst erinnern, dann eskalieren/,
    },
    {
      name: 'number given as text',
      breakIt: (raw) => {
        set(raw, ['bodies', 0, 'durationMinutes'], '120');
      },
      field: 'bodies[0].durationMinutes',
      message: /Ungültige Eingabe: erwartet/,
    },
  ];

  it.each(cases)('$name → $field', ({ breakIt, field, message }) => {
    const raw = rawProfile();
    breakIt(raw);
    const error = errorOf(() => parseProfile(raw, 'test-profil.json'));
    const hit = error.fieldErrors.find((e) => e.field === field);
    expect(hit, describeFieldErrors(error.fieldErrors)).toBeDefined();
    expect(hit?.message).toMatch(message);
    expect(error.message).toContain(`\n- ${field}: `);
    expect(error.message).toContain('test-profil.json');
  });

  it('reports an unknown municipality in a provider in one clear German message', () => {
    const raw = rawProfile();
    set(raw, ['providers', 2, 'municipalities', 0], 'duren');
    const error = errorOf(() => parseProfile(raw, 'kreis-dueren.json'));
    expect(error.message).toBe(
      'Das Bezirksprofil ist ungültig (Quelle: kreis-dueren.json):\n- providers[2].municipalities[0]: „duren“ ist keine Kommune des Profils',
    );
  });

  it('names the path of a missing or malformed profile file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kim-profile-'));
    const missing = join(dir, 'fehlt.json');
    expect(errorOf(() => loadProfileFile(missing)).message).toContain(missing);
    const broken = join(dir, 'kaputt.json');
    writeFileSync(broken, '{ "district": ');
    const error = errorOf(() => loadProfileFile(broken));
    expect(error.message).toContain('keine gültige JSON-Datei');
    expect(error.message).toContain(broken);
  });

  it('accepts a profile file saved with a byte order mark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kim-profile-'));
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${readFileSync(DEFAULT_PROFILE_PATH, 'utf8')}`);
    expect(loadProfileFile(path).district.id).toBe('kreis-dueren');
  });
});

describe('formatIssues', () => {
  it('writes numbers as [n], joins names with dots and names the whole document', () => {
    const errors = formatIssues([
      { code: 'custom', path: ['providers', 2, 'municipalities', 0], message: 'a', input: undefined },
      { code: 'custom', path: [], message: 'b', input: undefined },
    ]);
    expect(errors).toEqual([
      { field: 'providers[2].municipalities[0]', message: 'a' },
      { field: '(gesamt)', message: 'b' },
    ]);
    expect(describeFieldErrors(errors)).toBe('- providers[2].municipalities[0]: a\n- (gesamt): b');
  });
});

describe('demo data', () => {
  const demo = loadDemoData(profile);
  const caseManagers = demo.staff.filter((s) => s.role === 'casemanager');

  it('parses against the profile; every case manager works for a provider of the profile', () => {
    expect(caseManagers.length).toBeGreaterThanOrEqual(10);
    for (const cm of caseManagers) expect(profile.providers.some((p) => p.id === cm.providerId)).toBe(true);
    for (const provider of profile.providers) expect(caseManagers.some((cm) => cm.providerId === provider.id)).toBe(true);
  });

  it('can assign a case manager for every eligible municipality and focus area', () => {
    for (const area of profile.focusAreas) {
      for (const municipality of profile.municipalities) {
        if (!scopeIncludes(area.eligibleMunicipalities, municipality.id)) continue;
        const assignable = caseManagers.some((cm) => {
          const provider = profile.providers.find((p) => p.id === cm.providerId);
          return (
            provider !== undefined &&
            (cm.focusAreas ?? []).includes(area.id) &&
            provider.focusAreas.includes(area.id) &&
            scopeIncludes(provider.municipalities, municipality.id)
          );
        });
        expect(assignable, `${area.id} in ${municipality.id}`).toBe(true);
      }
    }
    expect(FOCUS_AREA_IDS).toHaveLength(3);
  });

  it('has members for every body: all case managers in the Jour fixe, one per role in the Lenkungsgruppe', () => {
    for (const body of profile.bodies) expect(demo.members.some((m) => m.bodyId === body.id), body.id).toBe(true);
    const jourFixe = new Set(demo.members.filter((m) => m.bodyId === 'jour-fixe').map((m) => m.email));
    for (const cm of caseManagers) expect(jourFixe.has(cm.email), cm.email).toBe(true);
    const steering = profile.bodies.find((b) => b.id === 'steering-group');
    for (const role of steering?.memberRoles ?? []) {
      expect(demo.members.some((m) => m.bodyId === 'steering-group' && m.roleId === role.id), role.id).toBe(true);
    }
  });

  it('rejects an e-mail address with a real-looking domain', () => {
    const raw = rawDemoData();
    set(raw, ['staff', 0, 'email'], 'lena.hoffmann@gmx.de');
    set(raw, ['members', 0, 'email'], 'someone@kreis-dueren.de');
    const error = errorOf(() => parseDemoData(raw, profile, 'demo-data.json'));
    expect(error).toBeInstanceOf(DemoDataError);
    expect(error.message).toMatch(/^Die Demo-Daten sind ungültig \(Quelle: demo-data\.json\):/);
    expect(error.fieldErrors.map((e) => e.field)).toEqual(['staff[0].email', 'members[0].email']);
    expect(error.fieldErrors[0]?.message).toMatch(/reservierte Beispieladressen/);
  });

  it('rejects references the profile does not know', () => {
    const raw = rawDemoData();
    const cmIndex = indexWhere(raw, 'staff', (s) => s.role === 'casemanager');
    set(raw, ['staff', cmIndex, 'providerId'], 'traeger-z');
    set(raw, ['members', 0, 'roleId'], 'chair');
    set(raw, ['members', 1, 'bodyId'], 'ak-sport');
    const fields = errorOf(() => parseDemoData(raw, profile, 'demo-data.json')).fieldErrors.map((e) => e.field);
    expect(fields).toEqual([`staff[${cmIndex}].providerId`, 'members[0].roleId', 'members[1].bodyId']);
  });

  it('requires a provider and focus areas the provider offers for case managers', () => {
    const raw = rawDemoData();
    const cmIndex = indexWhere(raw, 'staff', (s) => s.providerId === 'traeger-e');
    set(raw, ['staff', cmIndex, 'focusAreas'], ['welcome']);
    const intakeIndex = indexWhere(raw, 'staff', (s) => s.role === 'intake');
    set(raw, ['staff', intakeIndex, 'focusAreas'], ['welcome']);
    const fields = errorOf(() => parseDemoData(raw, profile, 'demo-data.json')).fieldErrors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining([`staff[${cmIndex}].focusAreas[0]`, `staff[${intakeIndex}].focusAreas`]));
  });
});
