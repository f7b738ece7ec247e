/** GET /api/openapi.json: the API's OpenAPI 3.1 description, public (it names routes and fields, never data). */
import { localDate } from '../../core/calendar/local-date.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { publicHandler } from '../_shared/http-pipeline.ts';
import { openApiDocument } from './openapi-document.ts';

export const handler = publicHandler({}, () => {
  const { profile, clock } = baseDependencies();
  return Promise.resolve(ok(openApiDocument({ profile, today: localDate(clock.now(), profile.district.timeZone) })));
});
