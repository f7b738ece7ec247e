/**
 * The record of processing activities (core/privacy/processing-record.ts) is generated from the profile: it names
 * every service of the catalogue with exactly the data fields it receives, every data category any service is sent,
 * every role, the retention periods of the profile, and the region the deployment really uses.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_FIELD_LABELS } from '../../core/cases/client-field-labels.ts';
import { STAFF_ROLES } from '../../core/identity/roles.ts';
import { PROCESSING_REGION, processingRecord, readProcessingRecord } from '../../core/privacy/processing-record.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { loadProfileFile } from '../../core/profile/load-profile.ts';
import { REGION } from '../../lib/config.ts';
import { findForbidden, forbiddenTerms, SECOND_DISTRICT_PROFILE_PATH, stateTerms } from '../fixtures/second-district/second-district.ts';

const profile = bundledProfile();

describe('the record of processing activities', () => {
  const record = processingRecord(profile);

  it('names every service with the fields it receives and every data category the profile sends', () => {
    expect(record.recipients.map((r) => r.name)).toEqual(profile.services.map((s) => s.name));
    for (const service of profile.services) {
      expect(record.recipients.find((r) => r.serviceId === service.id)?.fields).toEqual(service.dataFields.map((field) => CLIENT_FIELD_LABELS[field]));
    }
    const categories = record.dataCategories.flatMap((c) => c.items);
    const sent = new Set(profile.services.flatMap((s) => s.dataFields));
    expect(sent.size).toBeGreaterThan(0);
    for (const field of sent) expect(categories).toContain(CLIENT_FIELD_LABELS[field]);
  });

  it('lists every role, the profile’s retention periods, the controller, and the region of the deployment', () => {
    expect(record.roles.map((r) => r.role)).toEqual([...STAFF_ROLES]);
    expect(record.retention.map((r) => r.days)).toEqual(Object.values(profile.retention));
    expect(record.retention.every((r) => !/^[a-z]+Days$/.test(r.what))).toBe(true);
    expect(record.controller.name).toBe(profile.district.coordination.name);
    expect(PROCESSING_REGION).toBe(REGION);
    expect(record.processors.map((p) => p.service).join(' ')).toMatch(/DynamoDB.*Step Functions.*SES.*Cognito/);
    expect(record.dataCategories.some((c) => c.special === true)).toBe(true);
  });

  it('is for the data protection officer, the coordination and the administration only', () => {
    for (const role of ['dpo', 'coordinator', 'admin'] as const) expect(readProcessingRecord({ profile }, { userId: 'x', email: 'x@example.org', roles: [role] }).title).toContain(profile.district.name);
    for (const role of ['intake', 'casemanager'] as const) expect(() => readProcessingRecord({ profile }, { userId: 'x', email: 'x@example.org', roles: [role] })).toThrow(expect.objectContaining({ kind: 'not-allowed' }));
  });

  it('takes the state law from the profile: Düren’s NRW law, and nothing of NRW for a district in Lower Saxony', () => {
    expect(record.legalBases).toContain('Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO i. V. m. dem Teilhabe- und Integrationsgesetz NRW (Kommunales Integrationsmanagement)');
    const second = loadProfileFile(SECOND_DISTRICT_PROFILE_PATH);
    const theirs = processingRecord(second);
    expect(theirs.legalBases).toContain(`Art. 6 Abs. 1 lit. e, Abs. 3 DSGVO i. V. m. ${second.district.dataProtection.legalBasis}`);
    expect(theirs.legalBases.join('\n')).toContain('Niedersächsischen');
    expect(findForbidden(JSON.stringify(theirs), forbiddenTerms(second, profile))).toEqual([]);
    // The scan finds Düren's state where it is: the check above can fail.
    expect(findForbidden(JSON.stringify(record), stateTerms(profile))).toEqual(expect.arrayContaining(['NRW', profile.district.dataProtection.legalBasis]));
  });
});
