import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SESSION_COOKIE_FUNCTION_CODE } from '../../lib/cloudfront/api-session-cookie.ts';
import { ConfigError, parseDeployConfig } from '../../lib/config.ts';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { send } from '../../local/dev-server.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { logicalIdOf } from './template-helpers.ts';

const APP_URL = 'https://kim.kreis-dueren.de';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
// AWS managed policies (CloudFront's fixed ids).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resource = { Type: string; Properties: Record<string, unknown> };

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

/** A Fn::Join as text, imports written `<import:Name>`. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(joined).join(separator);
  }
  if (typeof node['Fn::ImportValue'] === 'string') return `<import:${node['Fn::ImportValue']}>`;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

describe('WebStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;
  let api: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.web): string => logicalIdOf(construct, stack);
  const only = (type: string): Resource => {
    const found = Object.values(template.findResources(type)) as Resource[];
    expect(found, type).toHaveLength(1);
    return found[0] as Resource;
  };
  const distributionConfig = (): Record<string, unknown> => only('AWS::CloudFront::Distribution').Properties.DistributionConfig as Record<string, unknown>;
  const deployment = (): Resource => only('Custom::CDKBucketDeployment');

  beforeAll(() => {
    // The web stack bundled (its pages built), as `cdk synth` does; the other stacks' Lambda code is not needed here.
    testApp = newTestApp({ bundlingStacks: ['kim-flow-dev-web'] });
    flow = buildKimFlow(testApp.app, { stage: 'dev', appUrl: APP_URL });
    template = Template.fromStack(flow.web);
    api = Template.fromStack(flow.api);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-web in eu-central-1, after the api stack', () => {
    expect(flow.web.stackName).toBe('kim-flow-dev-web');
    expect(flow.web.region).toBe('eu-central-1');
    expect(flow.web.dependencies).toEqual([flow.api]);
  });

  it('keeps the pages in a private, versioned, encrypted bucket that only this distribution may read (origin access control)', () => {
    const bucketId = logicalId(flow.web.bucket);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(flow.web.logBucket) }, LogFilePrefix: 'site-bucket/' },
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
    expect(joined(sourceArn)).toBe(`arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${logicalId(flow.web.distribution)}>`);

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
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], ResponseHeadersPolicyId: { Ref: logicalId(flow.web.responseHeadersPolicy) } },
      Logging: { Bucket: { 'Fn::GetAtt': [logicalId(flow.web.logBucket), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
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
    const csp = joined(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    const domainImport = csp.match(/<import:([^>]+)>/)?.[1] ?? '';
    expect(domainImport).toMatch(/^kim-flow-dev-api:ExportsOutputRefUserPoolSignInDomain/);
    expect(directives(csp)).toEqual({
      ...directives(local['content-security-policy'] ?? ''),
      'connect-src': `'self' https://<import:${domainImport}>.auth.eu-central-1.amazoncognito.com`,
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
      ResponseHeadersPolicyId: { Ref: logicalId(flow.web.responseHeadersPolicy) },
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalId(flow.web.apiSessionCookieFunction), 'FunctionARN'] } }],
    });
    expect([...(apiBehavior.AllowedMethods as string[])].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

    const origin = (distributionConfig().Origins as Record<string, unknown>[]).find((o) => o.Id === apiBehavior.TargetOriginId) ?? {};
    expect(origin).toMatchObject({ CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } });
    expect(joined(origin.DomainName)).toMatch(/^<import:kim-flow-dev-api:ExportsOutputRefHttpApi[^>]*>\.execute-api\.eu-central-1\.<AWS::URLSuffix>$/);

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
      CachePolicyId: { Ref: logicalId(flow.web.oparlCachePolicy) },
      ResponseHeadersPolicyId: { Ref: logicalId(flow.web.responseHeadersPolicy) },
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

  it('deploys the built pages and config.json into the bucket and invalidates the distribution', () => {
    expect(deployment().Properties).toMatchObject({
      DestinationBucketName: { Ref: logicalId(flow.web.bucket) },
      DistributionId: { Ref: logicalId(flow.web.distribution) },
      DistributionPaths: ['/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    const pagesDir = join(testApp.outdir, `asset.${flow.web.pages.assetHash}`);
    const files = readdirSync(pagesDir);
    for (const file of ['index.html', 'index.js', 'anmelden.html', 'anmelden.js', 'angemeldet.html', 'angemeldet.js', 'styles.css', 'profile.json']) {
      expect(files, file).toContain(file);
    }
    // config.json comes from the stack (Cognito), never from a build (the dev server answers it locally).
    expect(files).not.toContain('config.json');
    // What browsers run (pages' scripts and shared chunks), without source maps.
    const everyFile = readdirSync(pagesDir, { recursive: true, encoding: 'utf8' });
    expect(everyFile.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const script of everyFile.filter((file) => file.endsWith('.js'))) {
      const code = readFileSync(join(pagesDir, script), 'utf8');
      expect(code, script).not.toContain('sourceMappingURL');
      // Every module a script imports (shared chunks) is deployed with it.
      for (const [, imported] of code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
        expect(existsSync(join(pagesDir, dirname(script), imported ?? '')), `${script} imports ${imported ?? ''}`).toBe(true);
      }
    }
    expect(readFileSync(join(pagesDir, 'anmelden.html'), 'utf8')).toContain('<title>Anmelden – KIM Flow</title>');
    expect(readFileSync(join(pagesDir, 'angemeldet.html'), 'utf8')).toContain('<script type="module" src="/angemeldet.js">');
  });

  it('writes config.json for the Cognito sign-in: the user pool domain and the web client id, filled in at deploy time', () => {
    const properties = deployment().Properties as { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[] };
    expect(properties.SourceObjectKeys).toHaveLength(2);
    const configDir = join(testApp.outdir, `asset.${(properties.SourceObjectKeys[1] ?? '').replace(/\.zip$/, '')}`);
    expect(existsSync(join(configDir, 'config.json'))).toBe(true);
    let text = readFileSync(join(configDir, 'config.json'), 'utf8');
    for (const [marker, value] of Object.entries(properties.SourceMarkers[1] ?? {})) text = text.replaceAll(marker, joined(value));
    const clientExport = /^kim-flow-dev-api:ExportsOutputRefUserPoolWebClient/;
    const config = JSON.parse(text) as { signIn: { kind: string; domain: string; clientId: string }; outbox: boolean };
    expect(config).toEqual({
      signIn: { kind: 'cognito', domain: expect.stringMatching(/^https:\/\/<import:kim-flow-dev-api:ExportsOutputRefUserPoolSignInDomain[^>]*>\.auth\.eu-central-1\.amazoncognito\.com$/) as unknown, clientId: expect.stringMatching(/^<import:/) as unknown },
      outbox: false,
    });
    expect(config.signIn.clientId.slice('<import:'.length, -1)).toMatch(clientExport);
    // The export is the client's id (its Ref) in the api stack.
    const apiOutputs = api.toJSON() as { Outputs: Record<string, { Value: unknown; Export?: { Name: string } }> };
    const exported = Object.values(apiOutputs.Outputs).find((o) => o.Export?.Name === config.signIn.clientId.slice('<import:'.length, -1));
    expect(exported?.Value).toEqual({ Ref: logicalId(flow.api.userPoolClient, flow.api) });
  });

  it('copies with a role of its own: no managed policy, object actions on the two buckets, invalidations of this distribution only', () => {
    const roles = Object.entries(template.findResources('AWS::IAM::Role')) as [string, Resource][];
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0] as [string, Resource];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const statements = (role.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[]).flatMap(
      (p) => p.PolicyDocument.Statement,
    );
    const invalidation = statements.find((s) => JSON.stringify(s.Action).includes('cloudfront:'));
    expect(joined(invalidation?.Resource)).toBe(`arn:aws:cloudfront::<AWS::AccountId>:distribution/<${logicalId(flow.web.distribution)}>`);
    expect(statements.every((s) => s.Resource !== '*')).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });

  it('signs in through Cognito with the site as callback (angemeldet.html) and sign-out target (/)', () => {
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [`${APP_URL}/angemeldet.html`],
      LogoutURLs: [`${APP_URL}/`],
    });
  });
});

describe('WebStack with a custom domain (CDK context webCertificateArn)', () => {
  let testApp: TestApp;
  let template: Template;

  beforeAll(() => {
    testApp = newTestApp();
    const flow = buildKimFlow(testApp.app, { stage: 'prod', appUrl: APP_URL, webCertificateArn: CERTIFICATE_ARN });
    template = Template.fromStack(flow.web);
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
});

describe('CDK context webCertificateArn', () => {
  it('takes an ACM certificate in us-east-1 (CloudFront\'s region for certificates), nothing else', () => {
    expect(parseDeployConfig({ webCertificateArn: CERTIFICATE_ARN }).webCertificateArn).toBe(CERTIFICATE_ARN);
    expect(parseDeployConfig({})).not.toHaveProperty('webCertificateArn');
    for (const arn of [CERTIFICATE_ARN.replace('us-east-1', 'eu-central-1'), 'arn:aws:acm:us-east-1:123456789012:certificate/x', '', 42]) {
      expect(() => parseDeployConfig({ webCertificateArn: arn }), String(arn)).toThrow(ConfigError);
      expect(() => parseDeployConfig({ webCertificateArn: arn }), String(arn)).toThrow(/^Der CDK-Kontextwert "webCertificateArn" muss/);
    }
  });
});
