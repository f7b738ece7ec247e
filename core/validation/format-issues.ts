import './zod-german.ts';
import type { z } from 'zod';

/** One problem in an input document, addressed by a field path such as `providers[2].municipalities[0]`. */
export interface FieldError {
  field: string;
  message: string;
}

/** Field name for the whole document, used when an issue has an empty path. */
export const WHOLE_DOCUMENT = '(gesamt)';

export function formatPath(path: readonly PropertyKey[]): string {
  let field = '';
  for (const segment of path) {
    if (typeof segment === 'number') field += `[${segment}]`;
    else {
      const name = typeof segment === 'symbol' ? (segment.description ?? '') : segment;
      field += field === '' ? name : `.${name}`;
    }
  }
  return field === '' ? WHOLE_DOCUMENT : field;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    // zod reports unknown keys at the parent object; name each misspelt key itself so the reader finds it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: formatPath([...issue.path, key]),
        message: 'unbekanntes Feld (Tippfehler?) – dieses Feld ist hier nicht vorgesehen',
      }));
    }
    return [{ field: formatPath(issue.path), message: issue.message }];
  });
}

/** One line per error, `- <field>: <message>`, for error messages and console output. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((error) => `- ${error.field}: ${error.message}`).join('\n');
}
