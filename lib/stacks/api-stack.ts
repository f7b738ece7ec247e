import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
  type UserPoolDomain,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays, type LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '../../core/identity/roles.ts';
import { accountMessages } from '../../core/staff/account-messages.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { grantCaseExecutions } from '../constructs/execution-access.ts';
import { API_FUNCTION_ACCESS } from '../api-function-access.ts';
import { KimFunction } from '../constructs/kim-function.ts';
import { kimLogGroup } from '../constructs/log-group.ts';
import { grantLinkSecret } from '../constructs/link-secret.ts';
import { grantSendMail, sendMailStatement } from '../constructs/task-state-machine.ts';
import { deployedProfile, type DeployConfig } from '../config.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { pascalCase } from '../naming.ts';

/** Cognito groups are the roles the handlers check (core/identity/caller.ts). */
const GROUP_DESCRIPTIONS: Readonly<Record<StaffRole, string>> = {
  intake: 'Erfassung: legt Fälle für neu zugewanderte Menschen an',
  casemanager: 'Case Management: bearbeitet die zugewiesenen Fälle',
  coordinator: 'Koordination: sieht alle Fälle, Wartelisten und Versorgungslücken',
  admin: 'Administration',
  dpo: 'Datenschutz: sieht das Protokoll der Zugriffe, sperrt Fälle, nie die Daten der Person selbst',
};

export interface ApiStackProps extends StackProps {
  readonly config: DeployConfig;
  readonly table: ITable;
  readonly stateMachine: IStateMachine;
  /** The key that signs RSVP links and calendar-feed URLs (meetings stack). */
  readonly linkSecret: ISecret;
  /** The stage's SES configuration set (meetings stack), for the functions that send mail. */
  readonly configurationSet: IConfigurationSet;
}

/**
 * Sign-in and the HTTP API: a Cognito user pool (MFA required, no self sign-up, the four role groups), a public
 * client for the web app (authorization code with PKCE), and one JWT-authorized route per entry of
 * functions/api-routes.ts, each to its KimFunction.
 */
export class ApiStack extends Stack {
  public readonly userPool: UserPool;
  public readonly userPoolClient: UserPoolClient;
  /** Cognito's hosted sign-in for the web client (authorize, token and logout endpoints), `signInDomain.baseUrl()`. */
  public readonly signInDomain: UserPoolDomain;
  public readonly api: HttpApi;
  /** The HTTP API's host name (`<id>.execute-api.<region>.amazonaws.com`): the origin of the web stack's `/api/*`. */
  public readonly apiDomainName: string;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly functions: ReadonlyMap<string, KimFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, appUrl, mailFrom } = props.config;
    const accountMails = accountMessages(deployedProfile(props.config).district, appUrl);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `kim-flow-${stage}`,
      // Staff accounts are created by the administration, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      // The provider (welfare organisation or municipality) a person works for; set by administrators only (see
      // the client's write attributes), read by the handlers from the ID token as custom:providerId.
      customAttributes: { providerId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      featurePlan: FeaturePlan.ESSENTIALS,
      // Sent when someone asks to reset a forgotten password (account recovery by e-mail).
      userVerification: {
        emailSubject: accountMails.verification.subject,
        emailBody: accountMails.verification.body,
        emailStyle: VerificationEmailStyle.CODE,
      },
      // Both name the deployed profile's district (core/staff/account-messages.ts).
      userInvitation: { emailSubject: accountMails.invitation.subject, emailBody: accountMails.invitation.body },
      deletionProtection: true,
      // The accounts, their groups and their user ids (recorded in case histories) outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const userPoolResource = this.userPool.node.defaultChild;
    if (userPoolResource === undefined) throw new Error('UserPool without a CloudFormation resource');
    Validations.of(userPoolResource).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection: adaptive authentication, compromised-credential checks) is billed per ' +
        'monthly active user on top of Essentials. KIM Flow has a few dozen staff accounts, created by administrators only ' +
        '(no self sign-up), with strong passwords and MFA (TOTP) required. Whether the Kreis buys Plus is a decision for the ' +
        'production deploy configuration (issue 6), not a default of this stack.',
    });

    for (const [precedence, role] of [...STAFF_ROLES].reverse().entries()) {
      new UserPoolGroup(this, `Group${pascalCase(role)}`, {
        userPool: this.userPool,
        groupName: role,
        description: GROUP_DESCRIPTIONS[role],
        precedence,
      });
    }

    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `kim-flow-${stage}-web`,
      // A public client (the browser): no secret; Cognito applies PKCE to the authorization code grant it uses.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // The web stack's pages: angemeldet.html exchanges the code for the tokens, sign-out returns to the start
        // page. appUrl (CDK context) is where the site is reached: the custom domain, or the distribution's
        // *.cloudfront.net address after the first deploy (README, "Deploying").
        callbackUrls: [`${appUrl}/angemeldet.html`],
        logoutUrls: [`${appUrl}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
      // The ID token (which the API checks) carries what the handlers read; people may change their display name
      // only — never their e-mail claim or the provider they work for.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('providerId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.signInDomain = this.userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: `kim-flow-${stage}-${this.account}` } });

    // The handlers read e-mail, groups and provider from the claims: the API accepts the pool's ID tokens for the web client.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', this.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito',
      jwtAudience: [this.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `kim-flow-${stage}`,
      description: `KIM Flow (${stage}): case work API`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    // Built from the id, not split from apiEndpoint: the web stack imports only the API id; region and URL suffix
    // are its own pseudo parameters (same region and partition).
    this.apiDomainName = `${this.api.apiId}.execute-api.${this.region}.${Aws.URL_SUFFIX}`;
    this.accessLogs = kimLogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    acknowledgeControlTowerRule(
      this.accessLogs,
      'cloudwatch_log_group_retention_period_check',
      'Three months, not a year: every line holds the caller\'s IP address and user id (personal data), kept only as long ' +
        'as needed to look into misuse or an incident (data minimisation, Art. 5(1)(c, e) GDPR) — as long as CloudFront\'s ' +
        'access logs in the web stack\'s log bucket. Who read or changed which case is kept in the case\'s own history.',
    );
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 50, rateLimit: 20 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Who called which route with what result; ids only (paths carry case and referral ids, never names).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
            sourceIp: '$context.identity.sourceIp',
          }),
        ),
      },
    });

    const functionNames = [...new Set(API_ROUTES.map((route) => route.functionName))];
    const undecided = functionNames.filter((name) => !(name in API_FUNCTION_ACCESS));
    const routeless = Object.keys(API_FUNCTION_ACCESS).filter((name) => !functionNames.includes(name));
    if (undecided.length > 0 || routeless.length > 0) {
      throw new Error(
        'functions/api-routes.ts and API_FUNCTION_ACCESS in lib/api-function-access.ts disagree: ' +
          `functions without permissions: ${undecided.join(', ') || '–'}; permissions without a route: ${routeless.join(', ') || '–'}.`,
      );
    }

    const functions = new Map<string, KimFunction>();
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const name of functionNames) {
      const access = API_FUNCTION_ACCESS[name] ?? { table: 'read' };
      const fn = new KimFunction(this, pascalCase(name), {
        name,
        description: `KIM Flow (${stage}): API ${name}`,
        table: { table: props.table, access: access.table },
        environment: {
          MAIL_FROM: mailFrom,
          APP_URL: appUrl,
          ...(access.workflow === 'start' || access.workflow === 'restart' ? { INTAKE_STATE_MACHINE_ARN: props.stateMachine.stateMachineArn } : {}),
          ...(access.sendsMail === true ? { SES_CONFIGURATION_SET: props.configurationSet.configurationSetName } : {}),
        },
      });
      if (access.sendsMail === true) grantSendMail(fn, sendMailStatement(this, props.configurationSet));
      if (access.workflow === 'start' || access.workflow === 'restart') {
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [props.stateMachine.stateMachineArn] }));
      }
      if (access.workflow === 'restart') {
        grantCaseExecutions(fn, {
          stage,
          actions: ['states:StopExecution'],
          reason:
            'The function stops the case execution its new generation replaces (a consent or referral added after the ' +
            'assessment); execution names are <caseId>-<generation>, made at run time, so the resource is every execution ' +
            'of the intake-to-referral state machine of this stage — no other state machine, no other action.',
        });
      }
      if (access.workflow === 'answer') {
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [props.stateMachine.stateMachineArn] }));
      }
      if (access.linkSecret === true) grantLinkSecret(fn, props.linkSecret);
      functions.set(name, fn);
      integrations.set(name, new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn.function));
    }
    this.functions = functions;

    for (const route of API_ROUTES) {
      const integration = integrations.get(route.functionName);
      if (integration === undefined) throw new Error(`no integration for ${route.functionName}`);
      // Public routes check a signed token in their URL; every other route needs a Cognito ID token.
      const routes = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.public === true ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      for (const added of routes) acknowledgeIntegrationPermissions(added);
      if (route.public !== true) continue;
      for (const added of routes) {
        const routeResource = added.node.defaultChild;
        if (routeResource === undefined) throw new Error('HttpRoute without a CloudFormation resource');
        acknowledgeControlTowerRule(
          routeResource,
          'api_gw_v2_authorization_type_configured_check',
          'Public on purpose, with the reason given for AwsSolutions-APIG4 on this route: no sign-in, so no authorizer ' +
            '(AuthorizationType NONE); the route checks a signed token in its URL or serves public data only.',
        );
        Validations.of(routeResource).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: route.functionName === 'openapi'
            ? 'Public on purpose: the OpenAPI description of this API (routes, parameters and schemas, generated from the ' +
              'route table), the same document as dist/openapi.json. GET only, no data of the table, throttled with the stage.'
            : route.path.startsWith('/oparl/')
            ? 'Public on purpose: the OParl 1.1 feed of the public bodies (core/oparl/), read by the council information ' +
              'portal and anyone else. GET only, read-only table access, and it answers public data only (committees, ' +
              'meeting dates, agendas, membership roles): no names, no e-mail addresses, no case data, no internal body; ' +
              'cached by CloudFront and throttled with the stage.'
            : 'Public on purpose (functions/api-routes.ts marks it public): the request carries a signed token in the URL (HMAC ' +
              'with the link-signing secret), checked by the handler, for RSVP links in e-mails and calendar programs that ' +
              'cannot sign in. A token allows one answer of one recipient to one meeting (RSVP) or reading one body\'s calendar ' +
              '(feed), nothing else; the route is throttled with the stage.',
        });
      }
    }

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', { value: this.signInDomain.baseUrl(), description: 'Cognito sign-in (OAuth 2.0 authorization server)' });
  }
}

/**
 * CT.LAMBDA.PR.2 wants a service principal's permission limited by SourceArn or SourceAccount; each integration's
 * permission has a SourceArn (this API, this route), but built with Fn::Join from the API's id, which the rule does
 * not read as a value.
 */
function acknowledgeIntegrationPermissions(route: HttpRoute): void {
  const permissions = route.node.children.filter((child) => child instanceof CfnPermission);
  if (permissions.length === 0) throw new Error(`route ${route.node.path} without its integration's Lambda permission`);
  for (const permission of permissions) {
    acknowledgeControlTowerRule(
      permission,
      'lambda_function_public_access_prohibited_check',
      'Not public: API Gateway may invoke the function only for this route of this HTTP API (SourceArn ' +
        'arn:aws:execute-api:<region>:<account>:<api id>/*/*/<path>); the rule accepts SourceArn only as a literal or a ' +
        'Ref/GetAtt, not as the Fn::Join CDK writes it in.',
    );
  }
}
