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

/** A place in the document: its key and its parent's place, so no level copies the whole path (deep nesting). */
interface Place {
  readonly key: PropertyKey | undefined;
  readonly parent: Place | undefined;
}

function pathOf(place: Place | undefined, basePath: readonly PropertyKey[]): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let at = place; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return [...basePath, ...keys.reverse()];
}

/**
 * Every ill-formed string in a parsed document (JSON value, form fields, path or query parameters), as field
 * errors addressed like zod's (`needs.description`, `items[2]`). A key that is itself ill-formed is reported at its
 * parent. Walks with its own stack, not recursion: a 1 MiB body of `[[[[…` must not overflow the call stack.
 */
export function illFormedFields(document: unknown, basePath: readonly PropertyKey[] = []): FieldError[] {
  const errors: FieldError[] = [];
  const refuse = (place: Place, message: string) => errors.push({ field: formatPath(pathOf(place, basePath)), message });
  const stack: { value: unknown; place: Place }[] = [{ value: document, place: { key: undefined, parent: undefined } }];
  while (stack.length > 0 && errors.length < MAX_REPORTED) {
    const { value, place } = stack.pop() as { value: unknown; place: Place };
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) refuse(place, ILL_FORMED_MESSAGE);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i] as unknown, place: { key: i, parent: place } });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value as Record<string, unknown>).reverse()) {
        if (isWellFormedText(key)) stack.push({ value: child, place: { key, parent: place } });
        else refuse(place, `hat einen Feldnamen, der ${ILL_FORMED_MESSAGE}`);
      }
    }
  }
  return errors;
}
