import { describe, expect, it } from 'vitest';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';
import { assessmentRequest, chosenServices, consentLabel, NO_SERVICE, servicesForNeed, targetElementId, targetLabel, targetOfField, type AssessmentRequest } from '../../web/case-assessment.ts';

const profile = publicProfile(bundledProfile());
const today = '2026-03-04';

describe('services for a need', () => {
  it('are the catalogue entries that take the need', () => {
    expect(servicesForNeed(profile, 'residence').map((s) => s.id)).toEqual(['auslaenderbehoerde', 'migrationsberatung']);
    expect(servicesForNeed(profile, 'housing')).toEqual([]);
  });

  it('need one consent each, however many needs chose them', () => {
    const needs = [
      { category: 'livelihood', service: 'job-com' },
      { category: 'employment', service: 'job-com' },
      { category: 'housing', service: NO_SERVICE },
      { category: 'residence', service: undefined },
      { category: 'language', service: 'integrationskurs' },
    ];
    expect(chosenServices(needs)).toEqual(['job-com', 'integrationskurs']);
  });

  it('say in the consent who gets which data', () => {
    expect(consentLabel({ name: 'Familienbildungsstätte', dataFields: ['name', 'languages', 'phone'] })).toBe(
      'Einwilligung liegt vor: Familienbildungsstätte erhält für die Vermittlung Name, Sprachen und Telefon',
    );
  });
});

describe('the assessment request', () => {
  it('becomes the body the API takes: needs with their service, consents with form and date', () => {
    const { request, problems } = assessmentRequest(
      [
        { category: 'language', service: 'integrationskurs' },
        { category: 'housing', service: NO_SERVICE },
      ],
      [{ serviceId: 'integrationskurs', form: 'written', givenAt: '2026-03-03' }],
      today,
    );
    expect(problems).toEqual([]);
    expect(request).toEqual({
      needs: [{ category: 'language', serviceId: 'integrationskurs' }, { category: 'housing' }],
      consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: '2026-03-03' }],
    });
  });

  it('leaves out consents for services no longer chosen', () => {
    const { request } = assessmentRequest([{ category: 'housing', service: NO_SERVICE }], [{ serviceId: 'job-com', form: 'oral', givenAt: today }], today);
    expect(request.consents).toEqual([]);
  });

  it('asks for at least one need and a service choice per need', () => {
    expect(assessmentRequest([], [], today).problems).toEqual([{ target: { kind: 'needs' }, message: 'bitte mindestens einen Bedarf wählen' }]);
    const { problems } = assessmentRequest([{ category: 'residence', service: undefined }], [], today);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.target).toEqual({ kind: 'service', category: 'residence' });
  });

  it('checks form and date of each consent', () => {
    const { problems, request } = assessmentRequest(
      [
        { category: 'language', service: 'integrationskurs' },
        { category: 'family', service: 'familienbildung' },
      ],
      [
        { serviceId: 'integrationskurs', form: 'telepathic', givenAt: '' },
        { serviceId: 'familienbildung', form: 'oral', givenAt: '2026-03-05' },
      ],
      today,
    );
    expect(problems.map((p) => [p.target, p.message])).toEqual([
      [{ kind: 'consent', serviceId: 'integrationskurs', part: 'form' }, 'bitte die Form der Einwilligung wählen'],
      [{ kind: 'consent', serviceId: 'integrationskurs', part: 'givenAt' }, 'bitte das Datum der Einwilligung angeben'],
      [{ kind: 'consent', serviceId: 'familienbildung', part: 'givenAt' }, 'darf nicht in der Zukunft liegen'],
    ]);
    expect(request.consents).toEqual([]);
  });
});

describe('errors of the API in the form', () => {
  const request: AssessmentRequest = {
    needs: [{ category: 'language', serviceId: 'integrationskurs' }, { category: 'residence', serviceId: 'job-com' }],
    consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: today }],
  };

  it('go to the field the path names in the request that was sent', () => {
    expect(targetOfField('needs[1].serviceId', request)).toEqual({ kind: 'service', category: 'residence' });
    expect(targetOfField('needs[0].category', request)).toEqual({ kind: 'needs' });
    expect(targetOfField('needs', request)).toEqual({ kind: 'needs' });
    expect(targetOfField('consents[0].givenAt', request)).toEqual({ kind: 'consent', serviceId: 'integrationskurs', part: 'givenAt' });
    expect(targetOfField('consents[0].form', request)).toEqual({ kind: 'consent', serviceId: 'integrationskurs', part: 'form' });
    expect(targetOfField('consents[0].serviceId', request)).toEqual({ kind: 'consent', serviceId: 'integrationskurs', part: 'serviceId' });
  });

  it('without a field in the form go to the summary only', () => {
    expect(targetOfField('(gesamt)', request)).toBeUndefined();
    expect(targetOfField('consents[7].form', request)).toBeUndefined();
    expect(targetOfField('focusArea', request)).toBeUndefined();
  });

  it('name the element and the place in words', () => {
    expect(targetElementId({ kind: 'needs' })).toBe('bedarfe');
    expect(targetElementId({ kind: 'service', category: 'residence' })).toBe('stellen-residence');
    expect(targetElementId({ kind: 'consent', serviceId: 'job-com', part: 'serviceId' })).toBe('einwilligung-job-com');
    expect(targetElementId({ kind: 'consent', serviceId: 'job-com', part: 'form' })).toBe('einwilligung-job-com-form');
    expect(targetElementId({ kind: 'consent', serviceId: 'job-com', part: 'givenAt' })).toBe('einwilligung-job-com-datum');
    expect(targetLabel({ kind: 'service', category: 'housing' }, profile)).toBe('Stelle für „Wohnen“');
    expect(targetLabel({ kind: 'consent', serviceId: 'job-com', part: 'givenAt' }, profile)).toBe('Datum der Einwilligung für job-com Kreis Düren (Jobcenter)');
  });
});
