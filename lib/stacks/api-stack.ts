import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type HttpApiAttributes } from 'aws-cdk-lib/aws-apigatewayv2';
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
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '../../core/identity/roles.ts';
import { accountMessages } from '../../core/staff/account-messages.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { API_FUNCTION_ACCESS, grantApiFunctionAccess } from '../api-function-access.ts';
import { KimFunction } from '../constructs/kim-function.ts';
import { deployedProfile, type DeployConfig } from '../config.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { pascalCase } from '../naming.ts';
import { signInDomainPrefix } from '../sign-in-domain.ts';

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
  /**
   * The site stack's HTTP API, which has no routes of its own: this stack adds them, with their integrations and the
   * authorizer. Attributes, not the construct: bound to the site stack's construct, CDK would create the authorizer
   * there, and the site stack would need this stack's web client (a circle).
   */
  readonly httpApi: HttpApiAttributes;
}

/**
 * Sign-in and the routes of the HTTP API: a Cognito user pool (MFA required, no self sign-up, the four role groups), a
 * public client for the web app (authorization code with PKCE) whose callback is the site stack's address, and one
 * JWT-authorized route per entry of functions/api-routes.ts on the site stack's HTTP API, each to its KimFunction.
 */
export class ApiStack extends Stack {
  public readonly userPool: UserPool;
  public readonly userPoolClient: UserPoolClient;
  /** Cognito's hosted sign-in for the web client (authorize, token and logout endpoints), `signInDomain.baseUrl()`. */
  public readonly signInDomain: UserPoolDomain;
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
        // The pages: angemeldet.html exchanges the code for the tokens, sign-out returns to the start page. appUrl is
        // where the site is reached: the custom domain, or the site stack's distribution (a reference to a stack
        // deployed before this one, so the first deploy already signs in).
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
    // The prefix the site stack's CSP names too (lib/sign-in-domain.ts).
    this.signInDomain = this.userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix: signInDomainPrefix(this, stage) } });

    // The handlers read e-mail, groups and provider from the claims: the API accepts the pool's ID tokens for the web client.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', this.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito',
      jwtAudience: [this.userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    // The site stack's API, imported: the authorizer, integrations and routes belong to this stack (and the site
    // stack's `$default` stage deploys them by itself).
    const api = HttpApi.fromHttpApiAttributes(this, 'HttpApi', props.httpApi);

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
      const access = API_FUNCTION_ACCESS[name] ?? { table: [] };
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
      grantApiFunctionAccess(fn, access, { stage, stateMachine: props.stateMachine, configurationSet: props.configurationSet, linkSecret: props.linkSecret });
      functions.set(name, fn);
      integrations.set(name, new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn.function));
    }
    this.functions = functions;

    for (const route of API_ROUTES) {
      const integration = integrations.get(route.functionName);
      if (integration === undefined) throw new Error(`no integration for ${route.functionName}`);
      // Public routes check a signed token in their URL; every other route needs a Cognito ID token.
      const added = new HttpRoute(this, `${route.method}${route.path}`, {
        httpApi: api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        authorizer: route.public === true ? new HttpNoneAuthorizer() : authorizer,
      });
      acknowledgeIntegrationPermissions(added);
      if (route.public !== true) continue;
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
