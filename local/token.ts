/**
 * `npm run -s token -- <user id or role>`: prints a bearer token for a demo person (or the first with that role),
 * signed with the local key in KIM_DATA_DIR, e.g. for curl against `npm start`. Prints nothing but the token,
 * so `$(npm run -s token -- casemanager)` works in a shell.
 */
import { parseCommandLine } from '../bin/command-line.ts';
import { systemClock } from '../core/clock.ts';
import { STAFF_ROLES } from '../core/identity/roles.ts';
import { loadProfileFile, ProfileError } from '../core/profile/load-profile.ts';
import { openLocalIssuer } from './auth/local-issuer.ts';
import { ConfigError, localEnvironmentHelp, parseLocalConfig } from './config.ts';
import { loadDemoData } from './demo/load-demo-data.ts';

const [wanted = ''] = parseCommandLine({
  name: 'npm run -s token',
  synopsis: ['<Kennung oder Rolle>'],
  summary: [
    'Gibt ein Bearer-Token für eine Demo-Person aus, oder für die erste mit dieser Rolle, signiert mit dem lokalen',
    'Schlüssel im Datenordner – z. B. für curl gegen npm start. Gibt nur das Token aus (mit -s ohne npm-Zeilen).',
    `Rollen: ${STAFF_ROLES.join(', ')}; die Kennungen der Demo-Personen stehen in local/demo/demo-data.json (oder KIM_DEMO_DATA).`,
  ].join('\n'),
  options: {},
  maxPositionals: 1,
  environment: localEnvironmentHelp(['KIM_DATA_DIR', 'KIM_PROFILE', 'KIM_DEMO_DATA']),
  examples: ['TOKEN=$(npm run -s token -- casemanager)', 'curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/cases'],
}).positionals;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

try {
  const config = parseLocalConfig(process.env, process.cwd());
  const { staff } = loadDemoData(loadProfileFile(config.profilePath), config.demoDataPath);
  const person = staff.find((s) => s.id === wanted) ?? staff.find((s) => s.role === wanted);
  if (person === undefined) {
    fail(
      `${wanted === '' ? 'Bitte geben Sie eine Person oder Rolle an' : `„${wanted}“ ist weder eine Demo-Person noch eine Rolle`}; ` +
        `gültig sind die Kennungen ${staff.map((s) => s.id).join(', ')} und die Rollen ${STAFF_ROLES.join(', ')}.`,
    );
  }
  // Same clock as the app's token check (real time), see local/runtime.ts.
  console.log(await openLocalIssuer(config.dataDir).mintToken(person, systemClock.now()));
} catch (error) {
  if (error instanceof ConfigError || error instanceof ProfileError) fail(`Kein Token: ${error.message}`);
  throw error;
}
