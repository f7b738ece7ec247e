import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeFieldErrors, formatIssues } from '../validation/format-issues.ts';
import type { FieldError } from '../validation/format-issues.ts';
import { districtProfileSchema } from './schema.ts';
import type { DistrictProfile } from './schema.ts';

/** The Kreis Düren profile shipped with the code; the default when no other profile is configured. */
export const DEFAULT_PROFILE_PATH = fileURLToPath(new URL('./kreis-dueren.json', import.meta.url));

/**
 * A configuration file could not be used. The message is written for the district staff who maintain the
 * file: German, naming the source and every bad field, so they can fix all problems in one pass.
 */
export class ProfileError extends Error {
  override name = 'ProfileError';
  readonly source: string;
  readonly fieldErrors: readonly FieldError[];

  constructor(headline: string, source: string, fieldErrors: readonly FieldError[] = [], options?: ErrorOptions) {
    const details = fieldErrors.length > 0 ? `\n${describeFieldErrors(fieldErrors)}` : '';
    super(`${headline} (Quelle: ${source})${fieldErrors.length > 0 ? ':' : ''}${details}`, options);
    this.source = source;
    this.fieldErrors = fieldErrors;
  }
}

type ProfileErrorClass = new (headline: string, source: string, fieldErrors?: readonly FieldError[], options?: ErrorOptions) => ProfileError;

/** Reads a JSON file; a missing file or broken JSON becomes a ProfileError (or subclass) naming the path. */
export function readJsonFile(path: string, what: string, ErrorClass: ProfileErrorClass = ProfileError): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ErrorClass(`${what} konnte nicht gelesen werden – Datei fehlt oder ist nicht lesbar`, path, [], { cause });
  }
  try {
    // Editors on Windows like to prepend a byte order mark, which JSON.parse rejects.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    throw new ErrorClass(`${what} ist keine gültige JSON-Datei${reason}`, path, [], { cause });
  }
}

export function parseProfile(raw: unknown, source: string): DistrictProfile {
  const result = districtProfileSchema.safeParse(raw);
  if (!result.success) throw new ProfileError('Das Bezirksprofil ist ungültig', source, formatIssues(result.error.issues));
  return result.data;
}

export function loadProfileFile(path: string): DistrictProfile {
  return parseProfile(readJsonFile(path, 'Das Bezirksprofil'), path);
}
