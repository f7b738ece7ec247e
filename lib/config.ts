/**
 * Deploy configuration. For now only the stage; the full deploy config (domains, mail sender, alarms, …) comes later
 * and belongs here too, validated the same way.
 */
import { z } from 'zod';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Data stays in Germany. */
export const REGION = 'eu-central-1';

export const DEFAULT_STAGE: Stage = 'dev';

/** A configuration mistake the person running synth can fix; its message is the whole story (no stack trace needed). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const stageSchema = z.enum(STAGES);

/** Reads the CDK context value `stage` (absent → dev). */
export function parseStage(raw: unknown): Stage {
  const result = stageSchema.safeParse(raw ?? DEFAULT_STAGE);
  if (!result.success) {
    throw new ConfigError(
      `Der CDK-Kontextwert "stage" muss ${new Intl.ListFormat('de', { type: 'disjunction' }).format(STAGES)} sein, nicht ${JSON.stringify(raw)} (setzen mit: cdk synth -c stage=${DEFAULT_STAGE}).`,
    );
  }
  return result.data;
}
