import { describe, expect, it } from 'vitest';
import { intakeFromForm } from '../../core/intake/intake-form.ts';

describe('intake form encoding', () => {
  it('maps the schema paths, lists and unticked checkboxes', () => {
    const form = new URLSearchParams('familyName=Haddad&languages=ar&languages=en&needs.categories=language&address.city=D%C3%BCren&crisis=on&formToken=tok-12345678');
    expect(intakeFromForm(form)).toEqual({
      intake: { familyName: 'Haddad', languages: ['ar', 'en'], needs: { categories: ['language'] }, address: { city: 'Düren' }, crisis: true, interpreterNeeded: false, consentToProcessing: false },
      formToken: 'tok-12345678',
    });
  });

  it('ignores unknown names, so no field can reach an object prototype', () => {
    const form = new URLSearchParams('__proto__.caseManagerId=evil&constructor.prototype.x=1&familyName=Haddad&caseManagerId=someone');
    const { intake } = intakeFromForm(form);
    expect(({} as Record<string, unknown>).caseManagerId).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('caseManagerId');
    expect(intake).not.toHaveProperty('caseManagerId');
    expect(intake.familyName).toBe('Haddad');
  });
});
