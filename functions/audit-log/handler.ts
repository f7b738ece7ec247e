/**
 * The data protection officer's audit view: GET /api/audit (people's reads and changes, by person, case and period,
 * a page at a time) and GET /api/audit/staff (whom to filter by). Only the role `dpo`; never client data.
 */
import { DynamoAuditLog } from '../../core/adapters/dynamo-audit-log.ts';
import { DynamoStaffDirectory } from '../../core/adapters/dynamo-staff-directory.ts';
import { auditStaff, readAuditLog } from '../../core/privacy/audit-log.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInRoute, signedInRouter } from '../_shared/http-router.ts';
import { auditQuery } from './schema.ts';

function deps() {
  const { documents, tableName } = tableDependencies();
  return { ...baseDependencies(), audit: new DynamoAuditLog(documents, tableName), staff: new DynamoStaffDirectory(documents, tableName) };
}

export const handler = signedInRouter([
  signedInRoute({ method: 'GET', path: '/api/audit', schema: { query: auditQuery }, handle: async ({ caller, query }) => ok(await readAuditLog(deps(), caller, query)) }),
  signedInRoute({ method: 'GET', path: '/api/audit/staff', schema: {}, handle: async ({ caller }) => ok(await auditStaff(deps(), caller)) }),
]);
