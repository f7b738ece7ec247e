/** GET /api/processing-record: the record of processing activities (Art. 30 DSGVO), generated from the district profile. */
import { readProcessingRecord } from '../../core/privacy/processing-record.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';

export const handler = signedInHandler({}, ({ caller }) => Promise.resolve(ok(readProcessingRecord(baseDependencies(), caller))));
