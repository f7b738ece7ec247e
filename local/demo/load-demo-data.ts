/** Demo staff and members for `npm start`; a deployment never loads this file. */
import { fileURLToPath } from 'node:url';
import { DemoDataError, parseDemoData } from '../../core/profile/demo-data-schema.ts';
import type { DemoData } from '../../core/profile/demo-data-schema.ts';
import { readJsonFile } from '../../core/profile/load-profile.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';

export const DEFAULT_DEMO_DATA_PATH = fileURLToPath(new URL('./demo-data.json', import.meta.url));

/** Reads and checks the demo data against the profile; throws DemoDataError naming the file and bad fields. */
export function loadDemoData(profile: DistrictProfile, path: string = DEFAULT_DEMO_DATA_PATH): DemoData {
  return parseDemoData(readJsonFile(path, 'Die Datei der Demo-Daten', DemoDataError), profile, path);
}
