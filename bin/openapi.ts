/**
 * `npm run openapi`: writes the API's OpenAPI 3.1 document to dist/openapi.json — the document GET /api/openapi.json
 * serves (functions/openapi/), for the district profile the Lambda code bundles or the one given.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { localDate } from '../core/calendar/local-date.ts';
import { systemClock } from '../core/clock.ts';
import { bundledProfile } from '../core/profile/bundled-profile.ts';
import { loadProfileFile, ProfileError } from '../core/profile/load-profile.ts';
import { openApiDocument } from '../functions/openapi/openapi-document.ts';
import { parseCommandLine } from './command-line.ts';

const { values } = parseCommandLine({
  name: 'npm run openapi',
  synopsis: [],
  summary: 'Schreibt die OpenAPI-3.1-Beschreibung der HTTP-API (aus der Routentabelle und den zod-Schemas) als JSON-Datei.',
  options: {
    out: { type: 'string', valueName: '<Datei>', description: 'Zieldatei (Standard: dist/openapi.json)' },
    profile: { type: 'string', valueName: '<Datei>', description: 'Bezirksprofil für die Auswahllisten (Standard: das Profil im Code)' },
  },
  maxPositionals: 0,
  examples: ['npm run openapi', 'npm run openapi -- --out /tmp/openapi.json --profile mein-kreis.json'],
});

try {
  const profile = values.profile === undefined ? bundledProfile() : loadProfileFile(resolve(values.profile));
  const out = resolve(values.out ?? 'dist/openapi.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(openApiDocument({ profile, today: localDate(systemClock.now(), profile.district.timeZone) }), null, 2)}\n`);
  console.log(`OpenAPI-Beschreibung geschrieben: ${out}`);
} catch (error) {
  if (!(error instanceof ProfileError)) throw error;
  console.error(`Keine OpenAPI-Beschreibung: ${error.message}`);
  process.exit(1);
}
