/**
 * Cognito's mails to staff name the district of the deployed profile: synth with the second district's profile
 * (CDK context `profile`) sets its name into the invitation and the verification mail, and nothing of Düren.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { SECOND_DISTRICT_PROFILE_PATH } from '../fixtures/second-district/second-district.ts';
import { newTestApp, type TestApp } from './synth.ts';

interface UserPoolMails {
  AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: string; EmailMessage: string } };
  VerificationMessageTemplate: { EmailSubject: string; EmailMessage: string };
}

function userPoolMails(template: Template): UserPoolMails {
  const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool')) as { Properties: UserPoolMails }[];
  if (pool === undefined) throw new Error('no user pool');
  return pool.Properties;
}

describe('the user pool of a deployment with its own profile', () => {
  let testApp: TestApp;
  let mails: UserPoolMails;

  beforeAll(() => {
    testApp = newTestApp();
    // With a custom domain, so the invitation names appUrl itself (without one: api-stack.test.ts).
    const flow = buildKimFlow(testApp.app, {
      stage: 'dev',
      appUrl: 'https://kim.landkreis-heidmoor.example',
      webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      profile: SECOND_DISTRICT_PROFILE_PATH,
    });
    mails = userPoolMails(Template.fromStack(flow.api));
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('invites staff to KIM Flow of that district, with user name, temporary password and the app address', () => {
    const { EmailSubject, EmailMessage } = mails.AdminCreateUserConfig.InviteMessageTemplate;
    expect(EmailSubject).toBe('Ihr Zugang zu KIM Flow (Landkreis Heidmoor)');
    expect(EmailMessage).toContain('Kommunales Integrationsmanagement, Landkreis Heidmoor');
    expect(EmailMessage).toContain('{username}');
    expect(EmailMessage).toContain('{####}');
    expect(EmailMessage).toContain('https://kim.landkreis-heidmoor.example');
  });

  it('sends the code for a forgotten password naming the district, and nothing of Düren anywhere', () => {
    expect(mails.VerificationMessageTemplate.EmailMessage).toContain('KIM Flow (Landkreis Heidmoor) lautet {####}');
    expect(JSON.stringify(mails)).not.toMatch(/d(ü|ue)ren/i);
  });
});
