import { CfnOutput, CfnResource, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
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
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { nagResourceName } from '../nag-resource-name.ts';
import type { Construct, IConstruct } from 'constructs';
import type { SiteConfig } from '../../web/site-config.ts';
import { API_SESSION_COOKIE_FUNCTION_CODE } from '../cloudfront/api-session-cookie.ts';
import type { DeployConfig } from '../config.ts';
import { kimLogGroup } from '../constructs/log-group.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { webPagesAsset } from '../web-build.ts';
import { CSP_DIRECTIVES } from '../../functions/_shared/http/security-headers.ts';

export interface WebStackProps extends StackProps {
  readonly config: DeployConfig;
  /** Host name of the HTTP API (ApiStack.apiDomainName): the origin of `/api/*`. */
  readonly apiDomainName: string;
  /** Base URL of Cognito's hosted sign-in (`https://….auth.<region>.amazoncognito.com`, UserPoolDomain.baseUrl()). */
  readonly signInUrl: string;
  /** The web app client of the user pool (authorization code with PKCE). */
  readonly userPoolClientId: string;
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
 * The web pages in AWS: a private S3 bucket behind CloudFront (origin access control), `/api/*` on the same origin
 * to the HTTP API, so the pages, the session cookie (Path=/api, SameSite=Strict) and the API share one site. The
 * pages are built at synth time and deployed with `/config.json` telling them to sign in with Cognito. `/oparl/*`
 * (the public OParl feed) goes to the HTTP API as well, cached and without the session cookie.
 */
export class WebStack extends Stack {
  public readonly bucket: Bucket;
  public readonly logBucket: Bucket;
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;
  public readonly apiSessionCookieFunction: CloudFrontFunction;
  /** `/oparl/*`: the public OParl feed, cached five minutes per URL (query string included), nothing per viewer. */
  public readonly oparlCachePolicy: CachePolicy;
  /** The built pages (web/build.ts) as a CDK asset, deployed with config.json into the bucket. */
  public readonly pages: Asset;
  public readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage, appUrl, webCertificateArn } = props.config;
    // S3 server access logs are allowed by a bucket policy for the logging service (scoped to the site bucket),
    // not by the legacy LogDeliveryWrite ACL CDK would otherwise set on the log bucket (cfn-lint W3045).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

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
    acknowledge(
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
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(props.signInUrl), override: true },
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

    // The HTTP API, for /api/* and /oparl/*: one origin for both behaviours.
    const apiOrigin = new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `KIM Flow (${stage})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe: the people using KIM Flow work in a German Kreis.
      priceClass: PriceClass.PRICE_CLASS_100,
      // With a certificate: served under appUrl's host (a CNAME to the distribution, in the Kreis's DNS).
      ...(webCertificateArn === undefined
        ? {}
        : {
            domainNames: [new URL(appUrl).hostname],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', webCertificateArn),
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
    if (webCertificateArn === undefined) {
      acknowledge(
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
    acknowledge(
      distributionResource,
      'AwsSolutions-CFR1',
      'Access is controlled by the Cognito sign-in (MFA required) and the API\'s JWT authorizer, not by location. A geo ' +
        'allowlist would lock out staff whose connections leave elsewhere (mobile networks, VPNs of the welfare ' +
        'organisations; staff living across a nearby border) while stopping no one with a valid account.',
    );
    acknowledge(
      distributionResource,
      'AwsSolutions-CFR2',
      'The static pages hold no data, and a WAF here would not protect the API: API Gateway HTTP APIs cannot be ' +
        'associated with WAF nor limited to CloudFront, so the execute-api endpoint stays reachable around the ' +
        'distribution. The API is protected by the JWT authorizer on every non-public route and by stage throttling.',
    );

    const siteConfig: SiteConfig = { signIn: { kind: 'cognito', domain: props.signInUrl, clientId: props.userPoolClientId }, outbox: false };
    // Built at synth time (lib/web-build.ts explains how and where).
    const pages = webPagesAsset(this, 'PagesAsset');
    this.pages = pages;
    const deploymentLogs = kimLogGroup(this, 'DeploymentLogs', { removalPolicy: RemovalPolicy.DESTROY });
    // The deployment function's role, explicit and fixed: BucketDeployment's own would carry the
    // AWSLambdaBasicExecutionRole managed policy and its grants (s3:GetObject*, s3:List*, s3:DeleteObject* on both
    // buckets, CloudFront invalidations of every distribution). withoutPolicyUpdates() keeps those grants out.
    const deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `KIM Flow (${stage}): copies the web pages into the site bucket and invalidates the distribution`,
      inlinePolicies: {
        deploy: new PolicyDocument({
          statements: [
            new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [deploymentLogs.logGroupArn] }),
            // The zipped pages and config.json, from CDK's asset bucket (object keys are content hashes).
            new PolicyStatement({ actions: ['s3:GetObject'], resources: [pages.bucket.arnForObjects('*')] }),
            // `aws s3 sync --delete` into the site bucket: list, write, remove what the build no longer has.
            new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
            new PolicyStatement({
              actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
              resources: [this.bucket.arnForObjects('*')],
            }),
            new PolicyStatement({ actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], resources: [this.distribution.distributionArn] }),
          ],
        }),
      },
    });
    const deploymentRoleResource = deploymentRole.node.defaultChild;
    if (deploymentRoleResource === undefined) throw new Error('Role without a CloudFormation resource');
    for (const objects of [pages.bucket.arnForObjects('*'), this.bucket.arnForObjects('*')]) {
      Validations.of(deploymentRoleResource).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResourceName(this, objects)}]`,
        reason:
          'The deployment copies every file of the web build: it reads the zipped build and config.json from CDK\'s asset ' +
          'bucket (keys are content hashes, new with every build) and writes, and prunes, the objects of the site bucket, ' +
          'whose names are the pages\' file names. Only the object actions the copy needs, on these two buckets only.',
      });
    }
    this.deployment = new BucketDeployment(this, 'Pages', {
      sources: [Source.bucket(pages.bucket, pages.s3ObjectKey), Source.jsonData('config.json', siteConfig)],
      destinationBucket: this.bucket,
      role: deploymentRole.withoutPolicyUpdates(),
      // Pages and scripts keep their names across deploys: browsers revalidate (ETag) instead of using an old copy,
      // and the edge caches are invalidated with every deploy.
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup: deploymentLogs,
      memoryLimit: 512,
    });

    const deploymentFunction = this.node.children.find((child) => child instanceof LambdaFunction && child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!(deploymentFunction instanceof LambdaFunction)) throw new Error('BucketDeployment without its function');
    // cfn-lint W3005: CDK makes the function DependsOn the role it also GetAtts; redundant, harmless, generated.
    const deploymentFunctionResource = deploymentFunction.node.defaultChild;
    if (!(deploymentFunctionResource instanceof CfnResource)) throw new Error('Function without a CloudFormation resource');
    deploymentFunctionResource.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    acknowledge(
      deploymentFunction,
      'AwsSolutions-L1',
      'The function is aws-cdk-lib\'s BucketDeployment handler (Python, AWS CLI layer); its runtime is set by aws-cdk-lib and ' +
        'moves with CDK upgrades. It runs only during deployments, on the pages and config.json of this stack.',
    );
    acknowledge(deploymentFunction, 'Serverless-LambdaLatestVersion', 'The same runtime set by aws-cdk-lib as for AwsSolutions-L1.');
    acknowledge(
      deploymentFunction,
      'Serverless-LambdaDLQ',
      'CloudFormation invokes the deployment handler as a custom resource and waits for its answer; a failed deployment ' +
        'fails (and rolls back) the stack update, so there is nothing a dead-letter queue could hold.',
    );
    acknowledgeControlTowerRule(
      deploymentFunction,
      'lambda_inside_vpc_check',
      'aws-cdk-lib\'s handler copies the pages from CDK\'s asset bucket into the site bucket and invalidates CloudFront, ' +
        'all through public AWS endpoints with IAM; KIM Flow has no VPC (see the KimFunctions).',
    );
    acknowledge(
      deploymentFunction,
      'Serverless-LambdaTracing',
      'aws-cdk-lib\'s handler, run only during deployments; its log group holds what a trace would show.',
    );

    new CfnOutput(this, 'WebUrl', {
      value: `https://${this.distribution.distributionDomainName}`,
      description: 'The pages under CloudFront\'s address: appUrl when no custom domain is configured',
    });
    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName, description: 'CNAME target for the custom domain' });
  }
}

function acknowledge(construct: IConstruct, id: string, reason: string): void {
  const resource = construct.node.defaultChild ?? construct;
  Validations.of(resource).acknowledge({ id, reason });
}

