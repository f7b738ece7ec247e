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
import { REGION } from '../../lib/config.ts';

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
});
