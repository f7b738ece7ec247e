/**
 * Where `npm run staff` works, from the environment, parsed once: the user pool and the table of one deployed
 * stage (their names come from the stacks: output `UserPoolId` of kim-flow-<stage>-api, table kim-flow-<stage>).
 * A missing or bad variable stops the command with one sentence naming it.
 */
import '../validation/zod-german.ts';
import * as z from 'zod';
import { formatIssues } from '../validation/format-issues.ts';

export interface StaffConfig {
  readonly userPoolId: string;
  readonly tableName: string;
  readonly region: string;
}

export class StaffConfigError extends Error {
  override name = 'StaffConfigError';
}

export const POOL_HINT = 'die Ausgabe „UserPoolId“ des Stacks kim-flow-<stage>-api, z. B. eu-central-1_AbC123xyz';
export const TABLE_HINT = 'der Tabellenname des Stacks kim-flow-<stage>-data, z. B. kim-flow-prod';

const required = (hint: string) => z.string({ error: `fehlt (${hint})` });

/** The table and region of a deployed stage, as every operator command takes them (staff, backfill). */
export const stageTableSchema = z.object({
  // The data stack names its table kim-flow-<stage> on purpose (lib/stacks/data-stack.ts): anything else is not KIM Flow's.
  KIM_TABLE_NAME: required(TABLE_HINT).regex(/^kim-flow-[a-z0-9-]+$/, `ist kein Tabellenname von KIM Flow (${TABLE_HINT})`),
  // Data stays in Germany: the region of every deployment (lib/config.ts).
  AWS_REGION: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'ist keine AWS-Region (z. B. eu-central-1)').default('eu-central-1'),
});

const environmentSchema = z
  .object({
    KIM_USER_POOL_ID: required(POOL_HINT).regex(/^[a-z]{2}(?:-[a-z]+)+-\d+_[0-9A-Za-z]+$/, `ist keine User-Pool-ID (${POOL_HINT})`),
    ...stageTableSchema.shape,
  })
  .superRefine((env, ctx) => {
    // A pool id begins with its region; the SDK would otherwise look for the pool in the wrong region.
    if (!env.KIM_USER_POOL_ID.startsWith(`${env.AWS_REGION}_`)) {
      ctx.addIssue({ code: 'custom', path: ['KIM_USER_POOL_ID'], message: `gehört nicht zur Region ${env.AWS_REGION} (AWS_REGION)` });
    }
  });

export function parseStaffConfig(env: NodeJS.ProcessEnv): StaffConfig {
  // Empty variables count as unset, as a shell user expects from `KIM_TABLE_NAME= npm run staff …`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = formatIssues(parsed.error.issues).map((e) => `Umgebungsvariable ${e.field} ${e.message}`);
    throw new StaffConfigError(`${problems.join('; ')}.`);
  }
  return { userPoolId: parsed.data.KIM_USER_POOL_ID, tableName: parsed.data.KIM_TABLE_NAME, region: parsed.data.AWS_REGION };
}
