/** A use case's input parsed with its schema, or refused with German field errors (core/errors.ts). */
import type * as z from 'zod';
import { validationFailed } from '../errors.ts';
import { formatIssues } from './format-issues.ts';

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  return parsed.data;
}
