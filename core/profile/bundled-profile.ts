/** The profile bundled into the Lambda code (esbuild inlines the JSON): parsed once per process. */
import raw from './kreis-dueren.json' with { type: 'json' };
import { parseProfile } from './load-profile.ts';
import type { DistrictProfile } from './schema.ts';

let parsed: DistrictProfile | undefined;

export function bundledProfile(): DistrictProfile {
  parsed ??= parseProfile(raw, 'kreis-dueren.json');
  return parsed;
}
