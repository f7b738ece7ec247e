/**
 * The lists' opaque cursors: a small JSON object in base64url, checked by the list's own zod schema before use, so a
 * cursor that was altered or belongs to another list is refused (InvalidCursor) instead of read.
 */
import type * as z from 'zod';
import { InvalidCursor } from '../cases/ports.ts';

export const encodeCursor = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, list: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('not base64url JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new InvalidCursor(`not a cursor of ${list}`);
  return result.data;
}
