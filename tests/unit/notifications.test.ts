import { describe, expect, it } from 'vitest';
import { CLIENT_FIELD_LABELS } from '../../core/cases/client-field-labels.ts';
import {
  assessmentEscalation,
  assessmentReminder,
  caseAssigned,
  consentRevokedToService,
  gapReported,
  needsAttention,
  outcomeEscalation,
  outcomeReminder,
  referralToService,
  waitingList,
} from '../../core/mail/notifications.ts';
import type { MailContent } from '../../core/mail/mail-layout.ts';

const CASE = 'KIM-2026-7QK3M2XD';
const CASE_URL = 'https://kim.kreis-dueren.example/faelle/KIM-2026-7QK3M2XD';
const CANARY = 'Canary Ölçek-Żółw ليلى';
const caseManager = { name: 'Jana Schmitz', email: 'jana.schmitz@traeger-a.example' };

/** Every template with typical data; the canary client name goes only to the referral, as in production. */
function everyTemplate(value = (plain: string) => plain): Record<string, MailContent> {
  return {
    caseAssigned: caseAssigned({ caseNumber: CASE, caseUrl: CASE_URL, focusAreaName: value('Psychosoziale Beratung'), municipalityName: value('Kreuzau'), crisis: false }),
    caseAssignedCrisis: caseAssigned({ caseNumber: CASE, caseUrl: CASE_URL, focusAreaName: value('Psychosoziale Beratung'), municipalityName: value('Kreuzau'), crisis: true }),
    assessmentReminder: assessmentReminder({ caseNumber: CASE, caseUrl: CASE_URL, dueSince: new Date('2026-11-24T09:00:00Z') }),
    assessmentEscalation: assessmentEscalation({ caseNumber: CASE, caseUrl: CASE_URL, caseManagerName: value('Jana Schmitz'), waitingWorkingDays: 10 }),
    waitingList: waitingList({ caseNumber: CASE, caseUrl: CASE_URL, municipalityName: value('Jülich'), focusAreaName: value('Arbeitsmarktintegration') }),
    gapReported: gapReported({
      needCategoryName: value('Psychosoziale Beratung'),
      municipalityName: value('Jülich'),
      focusAreaName: value('Psychosoziale Beratung'),
      reason: value('Angebot gibt es nur in sechs Kommunen'),
    }),
    referralToService: referralToService({
      caseNumber: CASE,
      referralNumber: value('KIM-2026-7QK3M2XD-1'),
      serviceName: value('Sprachkursberatung der VHS'),
      needCategoryName: value('Sprachkurs'),
      clientFields: [
        { label: 'Name', value: value(CANARY) },
        { label: 'Telefon', value: value('02421 12345') },
      ],
      caseManager: { name: value(caseManager.name), email: caseManager.email },
      replyByDate: new Date('2026-12-07T10:00:00Z'),
      answerLink: { url: 'https://kim.kreis-dueren.example/api/referral-answer?token=abc.def', validUntil: new Date('2027-01-23T10:00:00Z') },
    }),
    outcomeReminder: outcomeReminder({
      caseNumber: CASE,
      serviceName: value('Sprachkursberatung der VHS'),
      referralNumber: value('KIM-2026-7QK3M2XD-1'),
      caseManager,
      answerLink: { url: 'https://kim.kreis-dueren.example/api/referral-answer?token=abc.def', validUntil: new Date('2027-01-23T10:00:00Z') },
    }),
    outcomeEscalation: outcomeEscalation({
      caseNumber: CASE,
      caseUrl: CASE_URL,
      referralNumber: value('KIM-2026-7QK3M2XD-1'),
      serviceName: value('Sprachkursberatung der VHS'),
      caseManagerName: value('Jana Schmitz'),
      waitingWorkingDays: 1,
    }),
    needsAttention: needsAttention({ caseNumber: CASE, caseUrl: CASE_URL, reason: value('Die Zuweisung an das Case-Management ist fehlgeschlagen.') }),
    consentRevokedToService: consentRevokedToService({
      caseNumber: CASE,
      referralNumber: `${CASE}-V01`,
      serviceName: value('Sprachkursberatung der VHS'),
      sentAt: new Date('2026-11-24T09:00:00Z'),
      caseManager: { name: value(caseManager.name), email: caseManager.email },
    }),
  };
}

const mails = everyTemplate();
const TEMPLATES_WITH_CASE_LINK = ['caseAssigned', 'caseAssignedCrisis', 'assessmentReminder', 'assessmentEscalation', 'waitingList', 'outcomeEscalation', 'needsAttention'];

describe('every notification', () => {
  it.each(Object.entries(mails))('%s has a one-line German subject without personal data', (_name, mail) => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.subject).not.toContain(CANARY);
    expect(mail.subject).not.toContain('Ölçek');
  });

  it.each(Object.entries(mails))('%s is an accessible German HTML page with a plain-text twin', (_name, mail) => {
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="de">/);
    expect(mail.html).toContain('<meta charset="utf-8">');
    expect(mail.html).toMatch(/<title>[^<]+<\/title>/);
    expect(mail.html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
    expect(mail.text).toContain('Guten Tag,');
    expect(mail.html).toContain('Guten Tag,');
    expect(mail.text).toContain('\n-- \nDiese Nachricht wurde automatisch von KIM Flow versandt');
  });

  it.each(TEMPLATES_WITH_CASE_LINK)('%s links to the case', (name) => {
    const mail = mails[name];
    expect(mail?.subject).toContain(CASE);
    expect(mail?.text).toContain(CASE_URL);
    expect(mail?.html).toContain(`<a href="${CASE_URL}"`);
    expect(mail?.html).toContain(`Fall ${CASE} in KIM Flow öffnen</a>`);
  });

  it('escapes hostile values in the HTML and keeps them readable in the text', () => {
    const hostile = everyTemplate((plain) => `${plain}<script>alert("x")</script>`);
    for (const [name, mail] of Object.entries(hostile)) {
      expect(mail.html, name).not.toContain('<script>');
      if (name === 'assessmentReminder') continue; // takes no free text
      expect(mail.html, name).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
      expect(mail.text, name).toContain('<script>alert("x")</script>');
    }
  });

  it('refuses a case number that is not one, so a name cannot slip into a subject', () => {
    expect(() => caseAssigned({ caseNumber: 'Ayşe Yılmaz', caseUrl: CASE_URL, focusAreaName: 'x', municipalityName: 'y', crisis: false })).toThrow(/case number/);
    expect(() => needsAttention({ caseNumber: `${CASE}\r\nBcc: x@y.example`, caseUrl: CASE_URL, reason: 'x' })).toThrow(/case number/);
  });

  it('refuses links that are not http(s) or mailto', () => {
    expect(() => needsAttention({ caseNumber: CASE, caseUrl: 'javascript:alert(1)', reason: 'x' })).toThrow(/link/);
    expect(() => needsAttention({ caseNumber: CASE, caseUrl: '/faelle/relativ', reason: 'x' })).toThrow(/link/);
  });
});

describe('caseAssigned', () => {
  it('says "bitte vorrangig" only for a crisis, and "Krise" only in the body', () => {
    expect(mails.caseAssigned?.subject).toBe(`Neuer Fall ${CASE} zugewiesen`);
    expect(mails.caseAssignedCrisis?.subject).toBe(`Neuer Fall ${CASE} zugewiesen – bitte vorrangig`);
    expect(mails.caseAssignedCrisis?.html).toContain('<strong>Wichtig:</strong> Bei der Erstaufnahme wurde eine akute Krise angegeben.');
    expect(mails.caseAssigned?.text).not.toContain('Krise');
  });

  it('names focus area and municipality but points to the case for everything else', () => {
    expect(mails.caseAssigned?.text).toContain('- Schwerpunkt: Psychosoziale Beratung\n- Kommune: Kreuzau');
    expect(mails.caseAssigned?.html).toContain('<th scope="row"');
    expect(mails.caseAssigned?.text).toContain('stehen aus Datenschutzgründen nicht in dieser E-Mail');
  });
});

describe('reminders and escalations', () => {
  it('formats dates the German way in Berlin time', () => {
    const lateEvening = assessmentReminder({ caseNumber: CASE, caseUrl: CASE_URL, dueSince: new Date('2026-11-24T23:30:00Z') });
    expect(lateEvening.text).toContain('seit dem 25.11.2026 fällig');
    expect(mails.assessmentReminder?.subject).toBe(`Erinnerung: Bedarfsklärung für Fall ${CASE} steht aus`);
  });

  it('declines "Arbeitstag" correctly', () => {
    expect(mails.assessmentEscalation?.subject).toBe(`Eskalation: Bedarfsklärung für Fall ${CASE} seit 10 Arbeitstagen offen`);
    expect(mails.assessmentEscalation?.text).toContain('- Wartezeit: 10 Arbeitstage');
    expect(mails.outcomeEscalation?.text).toContain('seit 1 Arbeitstag keine Rückmeldung');
    expect(mails.outcomeEscalation?.text).toContain('- Wartezeit: 1 Arbeitstag\n');
    expect(() => assessmentEscalation({ caseNumber: CASE, caseUrl: CASE_URL, caseManagerName: 'x', waitingWorkingDays: 0 })).toThrow(RangeError);
  });

  it('gives the service its answer link again and whom to ask, without repeating client data', () => {
    const mail = mails.outcomeReminder;
    expect(mail?.subject).toBe(`Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${CASE}`);
    expect(mail?.text).toContain('zur Vermittlung KIM-2026-7QK3M2XD-1 (Vorgang KIM-2026-7QK3M2XD) an Sprachkursberatung der VHS');
    expect(mail?.text).toContain('am einfachsten über diesen Link (gültig bis zum 23.01.2027)');
    expect(mail?.html).toContain('<a href="https://kim.kreis-dueren.example/api/referral-answer?token=abc.def"');
    expect(mail?.html).toContain('<a href="mailto:jana.schmitz@traeger-a.example"');
  });
});

describe('gapReported', () => {
  it('carries need, municipality, focus area and reason', () => {
    expect(mails.gapReported?.subject).toBe('Bedarfs-/Lückenmeldung: Psychosoziale Beratung in Jülich');
    expect(mails.gapReported?.text).toContain('- Grund: Angebot gibt es nur in sechs Kommunen');
  });

  it('leaves out the focus area when there is none', () => {
    const mail = gapReported({ needCategoryName: 'Wohnen', municipalityName: 'Titz', reason: 'kein Angebot' });
    expect(mail.text).not.toContain('Schwerpunkt');
    expect(mail.text).toContain('- Bedarf: Wohnen\n- Kommune: Titz\n- Grund: kein Angebot');
  });
});

describe('referralToService', () => {
  const mail = mails.referralToService;

  it('keeps the fixed subject and carries the client data only in the body', () => {
    expect(mail?.subject).toBe(`Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${CASE}`);
    expect(mail?.text).toContain('vermittelt eine Person mit dem Bedarf „Sprachkurs“ an Sprachkursberatung der VHS.');
    expect(mail?.text).toContain(`- Name: ${CANARY}`);
    expect(mail?.html).toContain(`<td style="vertical-align:top;padding:4px 0">${CANARY}</td>`);
    for (const [name, other] of Object.entries(mails)) {
      if (name === 'referralToService') continue;
      expect(`${other.text}${other.html}`, name).not.toContain(CANARY);
    }
  });

  it('asks for an answer by a German date through the signed link, names the case manager, with a data-protection notice', () => {
    expect(mail?.text).toContain('Bitte teilen Sie uns bis zum 07.12.2026 mit');
    expect(mail?.text).toContain('gültig bis zum 23.01.2027; er gilt nur für diese Vermittlung');
    expect(mail?.html).toContain('<a href="https://kim.kreis-dueren.example/api/referral-answer?token=abc.def"');
    expect(mail?.text).toContain('Bei Fragen erreichen Sie Jana Schmitz:');
    expect(mail?.text).toContain('- Case-Manager*in: Jana Schmitz (jana.schmitz@traeger-a.example)');
    expect(mail?.text).toContain('Wichtig: Diese E-Mail enthält personenbezogene Daten.');
    expect(mail?.html).toContain('<a href="mailto:jana.schmitz@traeger-a.example"');
  });

  it('keeps a multi-line address together', () => {
    const withAddress = referralToService({
      caseNumber: CASE,
      referralNumber: 'R-1',
      serviceName: 'Sozialamt',
      needCategoryName: 'Wohnen',
      clientFields: [{ label: CLIENT_FIELD_LABELS.address, value: 'Bismarckstr. 16\n52351 Düren' }],
      caseManager,
      replyByDate: new Date('2026-12-07T10:00:00Z'),
      answerLink: { url: 'https://kim.example/api/referral-answer?token=a.b', validUntil: new Date('2027-01-23T10:00:00Z') },
    });
    expect(withAddress.text).toContain('- Anschrift: Bismarckstr. 16\n    52351 Düren');
    expect(withAddress.html).toContain('Bismarckstr. 16<br>52351 Düren');
  });
});

describe('consentRevokedToService', () => {
  const mail = mails.consentRevokedToService;

  it('names only the referral in its subject and asks the service to stop using and delete the data', () => {
    expect(mail?.subject).toBe(`Einwilligung widerrufen: Vermittlung ${CASE}-V01 beendet`);
    expect(mail?.text).toContain(`am 24.11.2026 mit der Vermittlung ${CASE}-V01 (Vorgang ${CASE}) an Sprachkursberatung der VHS`);
    expect(mail?.text).toContain('ab sofort nicht mehr und löschen Sie sie');
    expect(mail?.text).toContain('Bei Fragen wenden Sie sich bitte an Jana Schmitz.');
    expect(mail?.html).toContain('href="mailto:jana.schmitz@traeger-a.example"');
  });

  it('refuses a referral number that is not one of the case, so nothing else can slip into the subject', () => {
    const revoked = (referralNumber: string) => () => consentRevokedToService({ caseNumber: CASE, referralNumber, serviceName: 'VHS', sentAt: new Date() });
    expect(revoked('Ayşe Yılmaz')).toThrow(/referral number/);
    expect(revoked('KIM-2026-AAAAAAAA-V01')).toThrow(/referral number/);
    expect(revoked(`${CASE}-V02`)).not.toThrow();
  });
});
