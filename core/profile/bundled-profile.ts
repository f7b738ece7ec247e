/**
 * The profile bundled into the Lambda code: the Düren profile of the code (esbuild inlines the JSON), or the
 * deployment's own profile when synth was given one (CDK context `profile`): then CDK's bundling defines
 * `process.env.KIM_DISTRICT_PROFILE` as that file's JSON text (lib/constructs/kim-function.ts, lib/web-build.ts).
 * Parsed once per process, with the same schema either way.
 */
import raw from './kreis-dueren.json' with { type: 'json' };
import { parseProfile } from './load-profile.ts';
import type { DistrictProfile } from './schema.ts';

export const DISTRICT_PROFILE_VARIABLE = 'KIM_DISTRICT_PROFILE';

let parsed: DistrictProfile | undefined;

export function bundledProfile(): DistrictProfile {
  const deployed = process.env.KIM_DISTRICT_PROFILE;
  parsed ??= deployed === undefined ? parseProfile(raw, 'kreis-dueren.json') : parseProfile(JSON.parse(deployed), DISTRICT_PROFILE_VARIABLE);
  return parsed;
}
