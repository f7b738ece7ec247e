/**
 * All AWS clients in one import, for the local runtime, scripts and tests. Lambda handlers must not import this
 * module (it loads every SDK package at init): they use the per-client modules through the dependency modules
 * (see process-dependencies.ts).
 */
export type { ClientTarget } from './client-config.ts';
export { createDocumentClient, createDynamoDbClient } from './dynamodb-client.ts';
export { createSfnClient } from './sfn-client.ts';
export { createSesClient } from './ses-client.ts';
