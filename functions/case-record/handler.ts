/**
 * The case record (/api/cases/{id}/record, contacts, notes, goals): one function for the case manager's daily
 * documentation, its routes picked by middy's http-router. Who may read and write what is decided in core.
 */
import { addGoal, logContact, readRecord, reviewGoal, writeNote } from '../../core/counselling/case-record.ts';
import { recordQuery } from '../../core/counselling/record-input.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { created, ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInRoute, signedInRouter } from '../_shared/http-router.ts';
import { goalPath } from './schema.ts';

// A note of 4000 characters in four-byte script, with room for the JSON around it.
const MAX_BODY_BYTES = 20 * 1024;
const deps = () => ({ ...baseDependencies(), ...tableDependencies() });

export const handler = signedInRouter([
  signedInRoute({ method: 'GET', path: '/api/cases/{id}/record', schema: { path: idPath, query: recordQuery }, handle: async ({ caller, path, query }) => ok(await readRecord(deps(), caller, path.id, query)) }),
  signedInRoute({ method: 'POST', path: '/api/cases/{id}/contacts', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => created(await logContact(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/cases/{id}/notes', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => created(await writeNote(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/cases/{id}/goals', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => created(await addGoal(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/cases/{id}/goals/{goalId}', schema: { path: goalPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await reviewGoal(deps(), caller, path.id, path.goalId, bodyValues(body))) }),
]);
