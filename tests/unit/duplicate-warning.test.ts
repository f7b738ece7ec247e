/** The duplicate-person warning page of the form without JavaScript: every value again, escaped; the confirmation once. */
import { describe, expect, it } from 'vitest';
import { caseNumbersText, renderDuplicateWarning } from '../../core/intake/duplicate-warning-html.ts';

describe('renderDuplicateWarning', () => {
  const sent = new URLSearchParams([
    ['familyName', '"><script>alert(1)</script>'],
    ['languages', 'ar'],
    ['languages', 'ku'],
    ['formToken', 'token-123'],
    ['duplicateConfirmed', 'nein'],
  ]);
  const html = renderDuplicateWarning(['KIM-2026-7QK3M2XD'], sent);

  it('posts every sent value again as a hidden field, escaped, with the same form token', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('<input type="hidden" name="familyName" value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">');
    expect(html.match(/name="languages"/g)).toHaveLength(2);
    expect(html).toContain('<input type="hidden" name="formToken" value="token-123">');
  });

  it('confirms exactly once, and cancels by going back to an empty form', () => {
    expect(html.match(/name="duplicateConfirmed"/g)).toHaveLength(1);
    expect(html).toContain('<input type="hidden" name="duplicateConfirmed" value="ja">');
    expect(html).toContain('<form method="get" action="/"><button type="submit" class="secondary">Abbrechen – keinen Fall anlegen</button></form>');
  });

  it('names the case numbers and nothing of the cases', () => {
    expect(html).toContain('Fallnummer: KIM-2026-7QK3M2XD');
    expect(caseNumbersText(['KIM-2026-7QK3M2XD', 'KIM-2026-0000000H'])).toBe('Fallnummern: KIM-2026-7QK3M2XD, KIM-2026-0000000H');
  });
});
