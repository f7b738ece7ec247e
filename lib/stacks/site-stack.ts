import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { RetentionDays, type LogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CSP_DIRECTIVES } from '../../functions/_shared/http/security-headers.ts';
import { acknowledgeNagRule } from '../acknowledge-nag.ts';
import { API_SESSION_COOKIE_FUNCTION_CODE } from '../cloudfront/api-session-cookie.ts';
import type { DeploySettings } from '../config.ts';
import { kimLogGroup } from '../constructs/log-group.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { signInBaseUrl } from '../sign-in-domain.ts';

export interface SiteStackProps extends StackProps {
  readonly config: DeploySettings;
}

/**
 * The Content-Security-Policy of the dev server and the API's own pages (functions/_shared/http/security-headers.ts)
 * with one addition: the sign-in page after Cognito (angemeldet.html) exchanges the authorization code at Cognito's
 * token endpoint, so `connect-src` names exactly that origin besides this one.
 */
export function contentSecurityPolicy(signInUrl: string): string {
  return [...CSP_DIRECTIVES, `connect-src 'self' ${signInUrl}`].join('; ');
}

/**
 * Where KIM Flow is reached, deployed right after the data stack and before everything that needs its address: the
 * HTTP API without routes (its `$default` stage deploys automatically, so the routes the api stack adds later go live
 * by themselves), the private bucket of the pages, and the CloudFront distribution with `/api/*` and `/oparl/*` to that
 * API on the same origin, so the pages, the session cookie (Path=/api, SameSite=Strict) and the API share one site.
 *
 * Why a stack of its own: the sign-in's callback URL (api stack's web client) needs the distribution's address, the
 * distribution's API origin needs the API's id, the JWT authorizer and the pages' config.json need the web client's
 * id. With the API and the distribution here, every reference points back to a stack deployed earlier, so one
 * `cdk deploy --all` gives a working sign-in; the functions' APP_URL is the same address (`appUrl`).
 */
export class SiteStack extends Stack {
  public readonly api: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogs: LogGroup;
  public readonly bucket: Bucket;
  /**
   * The bucket's ARN, exported under a name of its own (`<stack>:SiteBucketArn`) for the web stack's deployment role:
   * cdk-nag names an imported resource by its export, and a fixed name lets the acknowledgement there name it too.
   */
  public readonly bucketArnExport: string;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly apiSessionCookieFunction: CloudFrontFunction;
  /** `/oparl/*`: the public OParl feed, cached five minutes per URL (query string included), nothing per viewer. */
  public readonly oparlCachePolicy: CachePolicy;
  /**
   * Where people open KIM Flow (https, no path): the custom domain's appUrl with webCertificateArn, otherwise
   * `https://<distribution domain>`, a reference other stacks import (APP_URL, the web client's callback URLs).
   */
  public readonly appUrl: string;

  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    const { stage, appUrl, webCertificateArn } = props.config;
    // parseDeployConfig keeps appUrl exactly when a certificate is set: then both name the custom domain.
    const customDomain = webCertificateArn === undefined || appUrl === undefined ? undefined : { appUrl, certificateArn: webCertificateArn };
    // S3 server access logs are allowed by a bucket policy for the logging service (scoped to the site bucket),
    // not by the legacy LogDeliveryWrite ACL CDK would otherwise set on the log bucket (cfn-lint W3045).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `kim-flow-${stage}`,
      description: `KIM Flow (${stage}): case work API`,
      createDefaultStage: false,
    });
    this.accessLogs = kimLogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    acknowledgeControlTowerRule(
      this.accessLogs,
      'cloudwatch_log_group_retention_period_check',
      'Three months, not a year: every line holds the caller\'s IP address and user id (personal data), kept only as long ' +
        'as needed to look into misuse or an incident (data minimisation, Art. 5(1)(c, e) GDPR) — as long as CloudFront\'s ' +
        'access logs in this stack\'s log bucket. Who read or changed which case is kept in the case\'s own history.',
    );
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      // Deploys every change of the API, also the routes and integrations the api stack adds to it.
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

    // Server access logs of the site bucket and CloudFront's access logs. CloudFront's standard logs are written
    // with an ACL, hence ACLs enabled with the bucket owner preferred (the bucket owner owns every log object).
    this.logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Log delivery (S3 server access logs, CloudFront standard logs) supports SSE-S3 only.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      // Three months, like the HTTP API's access logs: who fetched what, when (IP addresses: personal data).
      lifecycleRules: [{ expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeNagRule(
      this.logBucket,
      'AwsSolutions-S1',
      'This is the bucket the access logs are written to (the site bucket\'s and CloudFront\'s); logging its own access ' +
        'into itself would log every log delivery in a loop. Public access is blocked and TLS enforced.',
    );
    acknowledgeControlTowerRule(
      this.logBucket,
      's3_bucket_logging_enabled_check',
      'The same as for AwsSolutions-S1: this bucket is where the access logs go; its own would log each delivery in a loop.',
    );
    acknowledgeControlTowerRule(
      this.logBucket,
      's3_bucket_default_encryption_kms_check',
      'Encrypted at rest with SSE-S3: S3 server access logging and CloudFront\'s standard logs deliver only into buckets ' +
        'with SSE-S3 default encryption, not SSE-KMS.',
    );
    acknowledgeControlTowerRule(
      this.logBucket,
      's3_bucket_object_lock_enabled_check',
      'The logs hold IP addresses and must go after three months (lifecycle rule); a lock would keep them longer. Only ' +
        'the log delivery services write here (bucket policy, ACL for CloudFront), and versioning keeps overwritten objects.',
    );
    acknowledgeControlTowerRule(
      this.logBucket,
      's3_event_notifications_enabled_check',
      'Nothing reacts to a new log object: the logs are read when someone looks into an incident.',
    );

    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // The pages are public (they hold no data, only code); SSE-S3 keeps origin access control simple (SSE-KMS
      // would need CloudFront in the key policy) at no loss.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeControlTowerRule(
      this.bucket,
      's3_bucket_default_encryption_kms_check',
      'The same as the comment on its encryption: the pages are the public code of the web app, the same for every ' +
        'visitor, with no data in them; SSE-S3 encrypts them at rest, and a KMS key would protect nothing more.',
    );
    acknowledgeControlTowerRule(
      this.bucket,
      's3_bucket_object_lock_enabled_check',
      'Every deploy replaces the pages and removes files the build no longer has (BucketDeployment, prune), and old ' +
        'versions expire after 30 days; a lock would stop both. Only the deployment role writes here; versioning keeps ' +
        'the previous pages.',
    );
    acknowledgeControlTowerRule(
      this.bucket,
      's3_event_notifications_enabled_check',
      'Nothing reacts to a new page: the deployment writes them and invalidates the distribution itself.',
    );

    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `KIM Flow (${stage}): the security headers of the dev server, plus HSTS`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(signInBaseUrl(this, stage)), override: true },
        contentTypeOptions: { override: true },
        // same-origin as on the dev server: with no-referrer Chromium sends `Origin: null` on a form POST, and the
        // cookie function (lib/cloudfront/api-session-cookie.ts) could not tell the intake form's own post from
        // another site's. Other sites (Cognito included) get no referrer.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    this.apiSessionCookieFunction = new CloudFrontFunction(this, 'ApiSessionCookie', {
      comment: 'Session cookie to bearer token for /api/* (forms without JavaScript)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(API_SESSION_COOKIE_FUNCTION_CODE),
    });

    this.oparlCachePolicy = new CachePolicy(this, 'OparlCache', {
      comment: `KIM Flow (${stage}): the public OParl feed, five minutes per URL`,
      defaultTtl: Duration.minutes(5),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.minutes(5),
      // Pages and filters are query parameters; no header or cookie changes an answer (no sign-in, no Host: the
      // feed's URLs come from APP_URL).
      queryStringBehavior: CacheQueryStringBehavior.all(),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // The HTTP API, for /api/* and /oparl/*: one origin for both behaviours. Built from the id, not split from
    // apiEndpoint (a token): same region and partition.
    const apiDomainName = `${this.api.apiId}.execute-api.${this.region}.${Aws.URL_SUFFIX}`;
    const apiOrigin = new HttpOrigin(apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `KIM Flow (${stage})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe: the people using KIM Flow work in a German Kreis.
      priceClass: PriceClass.PRICE_CLASS_100,
      // With a certificate: served under appUrl's host (a CNAME to the distribution, in the Kreis's DNS).
      ...(customDomain === undefined
        ? {}
        : {
            domainNames: [new URL(customDomain.appUrl).hostname],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2025,
            sslSupportMethod: SSLMethod.SNI,
          }),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Every answer is per person: nothing is cached. All viewer headers but Host reach the API (API Gateway
          // routes by its own host name), with caching disabled that includes Authorization.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.responseHeadersPolicy,
          functionAssociations: [{ function: this.apiSessionCookieFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
        // The OParl feed (core/oparl/): public data for the council information portal, the same for everyone, so
        // cached for five minutes; GET/HEAD only, no cookie function (no sign-in), no viewer header or cookie reaches
        // the API (only the query string, part of the cache key).
        '/oparl/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: this.oparlCachePolicy,
          responseHeadersPolicy: this.responseHeadersPolicy,
          compress: true,
        },
      },
    });
    const distributionResource = this.distribution.node.defaultChild;
    if (distributionResource === undefined) throw new Error('Distribution without a CloudFormation resource');
    if (customDomain === undefined) {
      acknowledgeNagRule(
        distributionResource,
        'AwsSolutions-CFR4',
        'No custom domain is configured for this stage (CDK context webCertificateArn), so the distribution uses the ' +
          'default *.cloudfront.net certificate, whose security policy CloudFront fixes at TLSv1 and which cannot be raised. ' +
          'With webCertificateArn set, the stack uses the Kreis\'s certificate with TLSv1.2_2025 as minimum (TLS 1.2 or ' +
          'newer). Production is meant to run with it (README, "Deploying").',
      );
      const withoutCertificate =
        'No custom domain is configured for this stage (webCertificateArn), so CloudFront serves the pages under its own ' +
        '*.cloudfront.net name with its default certificate, whose settings cannot be chosen (see AwsSolutions-CFR4). ' +
        'Synth refuses stage prod without webCertificateArn (lib/config.ts); with it the distribution uses the Kreis\'s ' +
        'certificate, SNI and TLSv1.2_2025.';
      acknowledgeControlTowerRule(distributionResource, 'cloudfront_custom_ssl_certificate_check', withoutCertificate);
      acknowledgeControlTowerRule(distributionResource, 'cloudfront_sni_enabled_check', withoutCertificate);
      acknowledgeControlTowerRule(distributionResource, 'cloudfront_security_policy_check', withoutCertificate);
    }
    acknowledgeControlTowerRule(
      distributionResource,
      'cloudfront_origin_failover_enabled_check',
      'There is no second origin to fail over to: the pages live in one bucket and the API in one region (data stays in ' +
        'eu-central-1), and a replica of either in another region would be a second system to run for an outage of S3 ' +
        'or API Gateway in that region, during which the API behind the pages would be down anyway.',
    );
    acknowledgeNagRule(
      distributionResource,
      'AwsSolutions-CFR1',
      'Access is controlled by the Cognito sign-in (MFA required) and the API\'s JWT authorizer, not by location. A geo ' +
        'allowlist would lock out staff whose connections leave elsewhere (mobile networks, VPNs of the welfare ' +
        'organisations; staff living across a nearby border) while stopping no one with a valid account.',
    );
    acknowledgeNagRule(
      distributionResource,
      'AwsSolutions-CFR2',
      'The static pages hold no data, and a WAF here would not protect the API: API Gateway HTTP APIs cannot be ' +
        'associated with WAF nor limited to CloudFront, so the execute-api endpoint stays reachable around the ' +
        'distribution. The API is protected by the JWT authorizer on every non-public route and by stage throttling.',
    );

    this.bucketArnExport = this.exportValue(this.bucket.bucketArn, { name: `${this.stackName}:SiteBucketArn` });
    this.appUrl = customDomain?.appUrl ?? `https://${this.distribution.distributionDomainName}`;
    // Exported with or without a custom domain: without one the later stacks import it (APP_URL, the callback), and a
    // certificate added later would otherwise drop an export they still import, which CloudFormation refuses.
    this.exportValue(this.distribution.distributionDomainName);
    new CfnOutput(this, 'WebUrl', { value: this.appUrl, description: 'Where people open KIM Flow (APP_URL, the sign-in\'s callback)' });
    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName, description: 'CNAME target for the custom domain' });
    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the HTTP API (behind the pages at /api/* and /oparl/*)' });
  }
}
