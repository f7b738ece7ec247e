/** Where the bench finds the project and keeps its output. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Results and bundles; `.kim/` is git-ignored. */
export const BENCH_DIR = join(PROJECT_ROOT, '.kim', 'bench');
