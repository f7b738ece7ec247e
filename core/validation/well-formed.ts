/**
 * Well-formed Unicode at every boundary. JSON may carry a lone UTF-16 surrogate as an escape (`"\ud800"`), which
 * JSON.parse turns into a string no UTF-8 encoder can represent: DynamoDB stores it, and afterwards tools that
 * decode strictly (the AWS CLI) cannot even scan the table. So every string that arrives from outside is checked
 * here before any schema sees it, and refused with its field path; nothing is repaired silently.
 */
import { formatPath, type FieldError } from './format-issues.ts';

export const ILL_FORMED_MESSAGE = 'enthält ungültige Zeichen (unvollständiges Unicode-Zeichen)';

// A high surrogate without a low one after it, or a low one without a high one before it. The lib setting is
// ES2023, where String.prototype.isWellFormed is not typed, and this also runs in older browsers.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

// Enough to find every field on a form; a hostile document with thousands of bad strings gets a bounded answer.
const MAX_REPORTED = 20;

/**
 * Every ill-formed string in a parsed document (JSON value, form fields, path or query parameters), as field
 * errors addressed like zod's (`needs.description`, `items[2]`). A key that is itself ill-formed is reported at its
 * parent. Walks with its own stack, not recursion: a 1 MiB body of `[[[[…` must not overflow the call stack.
 */
export function illFormedFields(document: unknown, basePath: readonly PropertyKey[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: readonly PropertyKey[] }[] = [{ value: document, path: basePath }];
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const { value, path } = stack.pop() as { value: unknown; path: readonly PropertyKey[] };
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) errors.push({ field: formatPath(path), message: ILL_FORMED_MESSAGE });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i] as unknown, path: [...path, i] });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value as Record<string, unknown>).reverse();
      for (const [key, child] of entries) {
        if (isWellFormedText(key)) stack.push({ value: child, path: [...path, key] });
        else errors.push({ field: formatPath(path), message: `hat einen Feldnamen, der ${ILL_FORMED_MESSAGE}` });
      }
    }
  }
  return errors;
}
