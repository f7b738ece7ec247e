/** POST /api/cases/{id}/client-corrections: the case manager or the coordination corrects the person's data (Art. 16 DSGVO). */
import { correctClient } from '../../core/casework/correct-client.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import type { CorrectionAnswer } from './schema.ts';

// The needs description (4000 characters in four-byte script) and the other fields, with room for the JSON around them.
export const handler = signedInHandler({ path: idPath, maxBodyBytes: 24 * 1024 }, async ({ caller, path, body }) =>
  ok((await correctClient({ ...baseDependencies(), ...tableDependencies() }, caller, path.id, bodyValues(body))) satisfies CorrectionAnswer),
);
