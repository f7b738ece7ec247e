import type { ServerResponse } from 'node:http';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SESSION_COOKIE_FUNCTION_CODE } from '../../lib/cloudfront/api-session-cookie.ts';
import { ConfigError, parseDeployConfig } from '../../lib/config.ts';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { send } from '../../local/dev-server.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { logicalIdOf, onlyResource, renderValue, type TemplateResource } from './template-helpers.ts';

const APP_URL = 'https://kim.kreis-dueren.de';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
// AWS managed policies (CloudFront's fixed ids).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resource = TemplateResource;

/** The headers the dev server sends with every answer (local/dev-server.ts). */
function devServerHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    writeHead: (_status: number, sent: Record<string, string>) => Object.assign(headers, sent),
    end: () => undefined,
  };
  send(response as unknown as ServerResponse, 200, 'text/plain; charset=utf-8', '');
  return headers;
}

/** `default-src 'self'; img-src …` → { 'default-src': "'self'", … } */
function directives(policy: string): Record<string, string> {
  return Object.fromEntries(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => [d.split(' ')[0] ?? '', d.split(' ').slice(1).join(' ')]),
  );
}

describe('SiteStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.site): string => logicalIdOf(construct, stack);
  const only = (type: string): Resource => onlyResource(template, type);
  const distributionConfig = (): Record<string, unknown> => only('AWS::CloudFront::Distribution').Properties.DistributionConfig as Record<string, unknown>;

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(flow.site);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-site in eu-central-1, depending on no other stack', () => {
    expect(flow.site.stackName).toBe('kim-flow-dev-site');
    expect(flow.site.region).toBe('eu-central-1');
    expect(flow.site.dependencies).toEqual([]);
  });

  it('has the HTTP API without routes: the api stack adds them, the $default stage deploys them, throttled, with access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: logicalId(flow.site.api) },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 50, ThrottlingRateLimit: 20 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(flow.site.accessLogs), 'Arn'] }, Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('names the distribution\'s address as the app\'s (WebUrl), with appUrl left out without a certificate', () => {
    expect(parseDeployConfig({ stage: 'dev', appUrl: APP_URL })).not.toHaveProperty('appUrl');
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(renderValue(outputs.WebUrl?.Value)).toBe(`https://<${logicalId(flow.site.distribution)}.DomainName>`);
    expect(renderValue(flow.site.resolve(flow.site.appUrl))).toBe(`https://<${logicalId(flow.site.distribution)}.DomainName>`);
  });

  it('keeps the pages in a private, versioned, encrypted bucket that only this distribution may read (origin access control)', () => {
    const bucketId = logicalId(flow.site.bucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(flow.site.logBucket) }, LogFilePrefix: 'site-bucket/' },
    });
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket')) as Resource[]) {
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
      expect(bucket.Properties.AccessControl).toBeUndefined();
    }

    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as Resource[];
    const sitePolicy = policies.find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }));
    const statements = (sitePolicy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(statements[1]).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
    });
    const sourceArn = (statements[1]?.Condition as { StringEquals: Record<string, unknown> }).StringEquals['AWS:SourceArn'];
    expect(renderValue(sourceArn)).toBe(`arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${logicalId(flow.site.distribution)}>`);

    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const origins = distributionConfig().Origins as Record<string, unknown>[];
    const s3Origin = origins.find((o) => JSON.stringify(o.DomainName).includes(bucketId));
    expect(s3Origin).toMatchObject({ OriginAccessControlId: { 'Fn::GetAtt': [expect.any(String), 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } });
  });

  it('serves index.html at /, HTTPS only, and writes access logs', () => {
    expect(distributionConfig()).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], ResponseHeadersPolicyId: { Ref: logicalId(flow.site.responseHeadersPolicy) } },
      Logging: { Bucket: { 'Fn::GetAtt': [logicalId(flow.site.logBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
    });
    // Without a certificate in the deploy config: CloudFront's own domain and certificate (acknowledged, see the stack).
    expect(distributionConfig().Aliases).toBeUndefined();
    expect(distributionConfig().ViewerCertificate).toBeUndefined();
  });

  it('sends the security headers of the dev server (CSP with Cognito\'s token endpoint as the only other connect-src) and HSTS', () => {
    const local = devServerHeaders();
    const config = only('AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    };
    const headers = config.SecurityHeadersConfig;
    const csp = renderValue(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    // Cognito's domain by its fixed prefix, no reference to the api stack (one-deploy-sign-in.test.ts: the same domain).
    expect(directives(csp)).toEqual({
      ...directives(local['content-security-policy'] ?? ''),
      'connect-src': `'self' https://kim-flow-dev-<AWS::AccountId>.auth.eu-central-1.amazoncognito.com`,
    });
    expect(headers.ContentSecurityPolicy?.Override).toBe(true);
    expect(local['x-content-type-options']).toBe('nosniff');
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: local['referrer-policy'], Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: local['x-frame-options'], Override: true });
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true });
  });

  it('routes /api/* to the HTTP API: nothing cached, every viewer header but Host, every method, the cookie function on viewer requests', () => {
    const behaviors = distributionConfig().CacheBehaviors as Record<string, unknown>[];
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/api/*', '/oparl/*']);
    const apiBehavior = behaviors[0] ?? {};
    expect(apiBehavior).toMatchObject({
      PathPattern: '/api/*',
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ResponseHeadersPolicyId: { Ref: logicalId(flow.site.responseHeadersPolicy) },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalId(flow.site.apiSessionCookieFunction), 'FunctionARN'] } }],
    });
    expect([...(apiBehavior.AllowedMethods as string[])].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

    const origin = (distributionConfig().Origins as Record<string, unknown>[]).find((o) => o.Id === apiBehavior.TargetOriginId) ?? {};
    expect(origin).toMatchObject({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } });
    expect(renderValue(origin.DomainName)).toBe(`<${logicalId(flow.site.api)}>.execute-api.eu-central-1.<AWS::URLSuffix>`);

    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: API_SESSION_COOKIE_FUNCTION_CODE,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      AutoPublish: true,
    });
  });

  it('routes /oparl/* to the same API origin: GET/HEAD only, cached five minutes per URL with its query, no header or cookie, no function', () => {
    const behaviors = distributionConfig().CacheBehaviors as Record<string, unknown>[];
    const oparl = behaviors.find((b) => b.PathPattern === '/oparl/*') ?? {};
    const api = behaviors.find((b) => b.PathPattern === '/api/*') ?? {};
    expect(oparl).toMatchObject({
      TargetOriginId: api.TargetOriginId,
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: { Ref: logicalId(flow.site.oparlCachePolicy) },
      ResponseHeadersPolicyId: { Ref: logicalId(flow.site.responseHeadersPolicy) },
    });
    expect(oparl.OriginRequestPolicyId).toBeUndefined();
    expect(oparl.FunctionAssociations).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        DefaultTTL: 300,
        MaxTTL: 300,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      },
    });
  });

});

describe('SiteStack with a custom domain (CDK context webCertificateArn)', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'prod', appUrl: APP_URL, webCertificateArn: CERTIFICATE_ARN });
    template = Template.fromStack(flow.site);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('serves the pages under appUrl\'s host with that certificate, TLS 1.2 or newer, SNI', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['kim.kreis-dueren.de'],
        ViewerCertificate: { AcmCertificateArn: CERTIFICATE_ARN, MinimumProtocolVersion: 'TLSv1.2_2025', SslSupportMethod: 'sni-only' },
      }),
    });
  });

  it('uses appUrl as the app\'s address: the web client\'s callback and the functions\' APP_URL', () => {
    Template.fromStack(flow.api).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`${APP_URL}/angemeldet.html`],
      LogoutURLs: [`${APP_URL}/`],
    });
    Template.fromStack(flow.meetings).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ APP_URL }) },
    });
    expect(Template.fromStack(flow.site).toJSON()).toMatchObject({ Outputs: { WebUrl: { Value: APP_URL } } });
  });

  it('still exports the distribution\'s address the stacks import without a custom domain (a certificate added later)', () => {
    const exported = (t: Template): unknown[] => Object.values(t.findOutputs('*')).filter((o) => (o as { Export?: unknown }).Export !== undefined).map((o) => (o as { Value: unknown }).Value);
    const withDomain = exported(template);
    expect(withDomain).toContainEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Distribution/) as unknown, 'DomainName'] });
  });
});

describe('CDK context webCertificateArn', () => {
  it('takes an ACM certificate in us-east-1 (CloudFront\'s region for certificates), nothing else', () => {
    expect(parseDeployConfig({ webCertificateArn: CERTIFICATE_ARN, appUrl: APP_URL })).toMatchObject({ webCertificateArn: CERTIFICATE_ARN, appUrl: APP_URL });
    expect(parseDeployConfig({})).not.toHaveProperty('webCertificateArn');
    for (const arn of [CERTIFICATE_ARN.replace('us-east-1', 'eu-central-1'), 'arn:aws:acm:us-east-1:123456789012:certificate/x', '', 42]) {
      expect(() => parseDeployConfig({ webCertificateArn: arn, appUrl: APP_URL }), String(arn)).toThrow(ConfigError);
      expect(() => parseDeployConfig({ webCertificateArn: arn, appUrl: APP_URL }), String(arn)).toThrow(/^Der CDK-Kontextwert "webCertificateArn" muss/);
    }
  });
});
