/**
 * `npm run -s token -- <user id or role>`: prints a bearer token for a demo person (or the first with that role),
 * signed with the local key in KIM_DATA_DIR, e.g. for curl against `npm start`. Prints nothing but the token,
 * so `$(npm run -s token -- casemanager)` works in a shell.
 */
import { systemClock } from '../core/clock.ts';
import { STAFF_ROLES } from '../core/identity/roles.ts';
import { loadProfileFile, ProfileError } from '../core/profile/load-profile.ts';
import { openLocalIssuer } from './auth/local-issuer.ts';
import { ConfigError, parseLocalConfig } from './config.ts';
import { loadDemoData } from './demo/load-demo-data.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

try {
  const config = parseLocalConfig(process.env, process.cwd());
  const { staff } = loadDemoData(loadProfileFile(config.profilePath));
  const wanted = process.argv[2] ?? '';
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
