import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../core/identity/roles.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { distributionUrl, renderValue } from './template-helpers.ts';

const MAIL_FROM = 'KIM Kreis Düren <kim@kreis-dueren.de>';

type Statement = { Action: string | string[]; Resource: unknown };

describe('ApiStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.api): string => {
    const resource = construct instanceof CfnElement ? construct : construct.node.defaultChild;
    if (!(resource instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
    return stack.getLogicalId(resource);
  };
  const apiFunction = (name: string): { function: IConstruct; role: IConstruct } => {
    const fn = flow.api.functions.get(name);
    if (fn === undefined) throw new Error(`no API function ${name}`);
    return fn;
  };
  const statementsOf = (name: string): Statement[] => {
    const roleId = logicalId(apiFunction(name).role);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify((policy as { Properties: { Roles: unknown } }).Properties.Roles).includes(`"${roleId}"`))
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
  };
  const actionsOf = (name: string): string[] => statementsOf(name).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const stateMachineImport = (): unknown => ({ 'Fn::ImportValue': expect.stringMatching(/^kim-flow-dev-workflow:.*IntakeToReferral/) as unknown });

  beforeAll(() => {
    testApp = newTestApp();
    // The deploy config's mail sender (CDK context mailFrom) and the app's address (without a custom domain: the site
    // stack's distribution) reach the functions and the sign-in.
    flow = buildKimFlow(testApp.app, { stage: 'dev', mailFrom: MAIL_FROM });
    template = Template.fromStack(flow.api);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-api in eu-central-1', () => {
    expect(flow.api.stackName).toBe('kim-flow-dev-api');
    expect(flow.api.region).toBe('eu-central-1');
  });

  it('has a user pool with MFA required (TOTP), a strong password policy, no self sign-up, kept on delete', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        Policies: {
          PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }),
        },
        Schema: [{ Name: 'providerId', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: Match.anyValue() }],
        DeletionProtection: 'ACTIVE',
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('invites staff naming the district of the profile in the code (another profile: account-mails.test.ts) and the app\'s address', () => {
    const [pool] = Object.values(template.findResources('AWS::Cognito::UserPool')) as { Properties: { AdminCreateUserConfig: { InviteMessageTemplate: Record<string, unknown> } } }[];
    const invitation = pool?.Properties.AdminCreateUserConfig.InviteMessageTemplate;
    expect(invitation?.EmailSubject).toBe('Ihr Zugang zu KIM Flow (Kreis Düren)');
    expect(renderValue(invitation?.EmailMessage)).toMatch(
      /Kommunales Integrationsmanagement, Kreis Düren\).*\{username\}.*\{####\}.*unter https:\/\/<import:kim-flow-dev-site:ExportsOutputFnGetAttDistribution\w*DomainName\w*> an,/,
    );
  });

  it('has exactly the four role groups the handlers know', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', STAFF_ROLES.length);
    for (const role of STAFF_ROLES) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: role });
  });

  it('has a public web client: authorization code only, no secret, callback to the app\'s sign-in page, provider id not writable by users', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['COGNITO'],
      ReadAttributes: Match.arrayWith(['custom:providerId', 'email']),
      WriteAttributes: ['name'],
    });
    // The site stack's distribution (deployed before this stack), so the first deploy signs in (one-deploy-sign-in.test.ts).
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as { Properties: { CallbackURLs: unknown[]; LogoutURLs: unknown[] } }[];
    const address = /^https:\/\/<import:kim-flow-dev-site:ExportsOutputFnGetAttDistribution\w*DomainName\w*>/;
    expect(client?.Properties.CallbackURLs.map(renderValue)).toEqual([expect.stringMatching(new RegExp(`${address.source}/angemeldet\\.html$`))]);
    expect(client?.Properties.LogoutURLs.map(renderValue)).toEqual([expect.stringMatching(new RegExp(`${address.source}/$`))]);
  });

  it('has one route per API_ROUTES entry, behind the Cognito JWT authorizer unless marked public, to the function of that route', () => {
    const authorizers = template.findResources('AWS::ApiGatewayV2::Authorizer');
    const authorizerIds = Object.keys(authorizers);
    expect(authorizerIds).toHaveLength(1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::GetAtt': [logicalId(flow.api.userPool), 'ProviderURL'] },
        Audience: [{ Ref: logicalId(flow.api.userPoolClient) }],
      },
    });

    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
      Properties: { RouteKey: string; AuthorizationType: string; AuthorizerId: unknown; Target: { 'Fn::Join': [string, [string, { Ref: string }]] } };
    }[];
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    for (const route of API_ROUTES) {
      const resource = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      if (route.public === true) {
        // Signed token in the URL instead (RSVP links, calendar feeds): checked by the handler.
        expect(resource?.Properties.AuthorizationType, route.path).toBe('NONE');
        expect(resource?.Properties.AuthorizerId, route.path).toBeUndefined();
      } else {
        expect(resource?.Properties.AuthorizationType, route.path).toBe('JWT');
        expect(resource?.Properties.AuthorizerId, route.path).toEqual({ Ref: authorizerIds[0] });
      }
      const integrationId = resource?.Properties.Target['Fn::Join'][1][1].Ref ?? '';
      expect(integrations[integrationId], route.path).toMatchObject({
        Properties: { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', IntegrationUri: { 'Fn::GetAtt': [logicalId(apiFunction(route.functionName).function), 'Arn'] } },
      });
    }
  });

  it('has one function per route function, nodejs22.x on arm64, with the deploy config in its environment', () => {
    const names = new Set(API_ROUTES.map((r) => r.functionName));
    template.resourceCountIs('AWS::Lambda::Function', names.size);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn).toMatchObject({
        Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'], Environment: { Variables: { MAIL_FROM, APP_URL: distributionUrl(), TABLE_NAME: expect.anything() as unknown } } },
      });
    }
  });

  it('lets create-intake start the workflow (and tells it which), the callback functions answer tasks, the others neither', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INTAKE_STATE_MACHINE_ARN: { 'Fn::ImportValue': Match.stringLikeRegexp('^kim-flow-dev-workflow:.*IntakeToReferral') } }) },
    });
    // Fortsetzen (resume-case) and reopening (reopen-case) start a case's next generation; a consent or referral added
    // after the assessment (record-consent, add-referral) also stops the generation it replaces, on its executions only.
    const restarters = ['record-consent', 'add-referral', 'erase-person', 'restrict-case'];
    const mailers = ['hand-over-case', 'hand-over-caseload'];
    const starters = ['create-intake', 'resume-case', 'reopen-case', ...restarters];
    const executions = { 'Fn::Join': ['', ['arn:aws:states:eu-central-1:', { Ref: 'AWS::AccountId' }, ':execution:kim-flow-dev-intake-to-referral:*']] };
    for (const name of starters) expect(statementsOf(name), name).toContainEqual({ Action: 'states:StartExecution', Effect: 'Allow', Resource: stateMachineImport() });
    // The erasure first looks at the case's execution (core/privacy/erase-person.ts resumeErasure).
    const executionActions = (name: string): string | string[] => (name === 'erase-person' ? ['states:DescribeExecution', 'states:StopExecution'] : 'states:StopExecution');
    for (const name of restarters) expect(statementsOf(name), name).toContainEqual({ Action: executionActions(name), Effect: 'Allow', Resource: executions });
    // referral-links: the service's answer by its signed link ends the referral's wait like record-outcome.
    for (const name of ['submit-assessment', 'record-outcome', 'close-case', 'revoke-consent', 'referral-links']) {
      // SendTaskSuccess has no resource type in IAM (the token names the task): "*" only.
      expect(statementsOf(name), name).toContainEqual({ Action: 'states:SendTaskSuccess', Effect: 'Allow', Resource: '*' });
    }
    for (const name of new Set(API_ROUTES.map((r) => r.functionName))) {
      const states = actionsOf(name).filter((a) => a.startsWith('states:'));
      if (restarters.includes(name)) expect(states, name).toEqual(['states:StartExecution', ...[executionActions(name)].flat()]);
      else if (starters.includes(name)) expect(states, name).toEqual(['states:StartExecution']);
      else if (['submit-assessment', 'record-outcome', 'close-case', 'revoke-consent', 'referral-links'].includes(name)) expect(states).toEqual(['states:SendTaskSuccess']);
      else expect(states, name).toEqual([]);
      // Only the hand-over mails (to the new case manager), through the stage's configuration set.
      expect(actionsOf(name).filter((a) => a.startsWith('ses:')), name).toEqual(mailers.includes(name) ? ['ses:SendEmail'] : []);
    }
    const withArn = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) => JSON.stringify(fn).includes('INTAKE_STATE_MACHINE_ARN'));
    expect(withArn).toHaveLength(starters.length);
  });

  it('gives the link-signing secret (LINK_SECRET_ARN, GetSecretValue on exactly it) to the link functions and to no other', () => {
    const secretImport = { 'Fn::ImportValue': expect.stringMatching(/^kim-flow-dev-meetings:ExportsOutputRefLinkSigningSecret/) as unknown };
    // The meetings API signs the bodies' calendar-feed URLs for the annual plan (GET /api/bodies); the RSVP links are
    // the reconciler's (its own stack).
    const readers = ['meeting-links', 'referral-links', 'meetings-api'];
    const resources = template.toJSON() as { Resources: Record<string, { Properties: { Environment: { Variables: Record<string, unknown> } } }> };
    for (const name of new Set(API_ROUTES.map((r) => r.functionName))) {
      const variables = resources.Resources[logicalId(apiFunction(name).function)]?.Properties.Environment.Variables;
      const secretStatements = statementsOf(name).filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
      if (readers.includes(name)) {
        expect(variables?.LINK_SECRET_ARN, name).toEqual(secretImport);
        expect(secretStatements, name).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secretImport }]);
      } else {
        expect(variables?.LINK_SECRET_ARN, name).toBeUndefined();
        expect(secretStatements, name).toEqual([]);
      }
    }
  });

  it('gives the table to all API functions, writes only where a handler writes (list-cases and the OParl feed only read)', () => {
    for (const name of ['list-cases', 'caseload-overview', 'oparl']) {
      expect(actionsOf(name), name).toContain('dynamodb:Query');
      expect(actionsOf(name).filter((a) => /Put|Update|Delete|Write/.test(a)), name).toEqual([]);
    }
    for (const name of ['create-intake', 'get-case', 'search-cases', 'submit-assessment', 'close-case']) expect(actionsOf(name), name).toContain('dynamodb:PutItem');
  });
});
