import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { logicalIdOf, onlyResource, renderValue, type TemplateResource } from './template-helpers.ts';

const SITE_BUCKET_EXPORT = 'kim-flow-dev-site:SiteBucketArn';

type Resource = TemplateResource;

describe('WebStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;
  let site: Template;
  let api: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.web): string => logicalIdOf(construct, stack);
  const only = (type: string): Resource => onlyResource(template, type);
  const deployment = (): Resource => only('Custom::CDKBucketDeployment');

  beforeAll(() => {
    // The web stack bundled (its pages built), as `cdk synth` does; the other stacks' Lambda code is not needed here.
    testApp = newTestApp({ bundlingStacks: ['kim-flow-dev-web'] });
    flow = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(flow.web);
    site = Template.fromStack(flow.site);
    api = Template.fromStack(flow.api);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('is the stack kim-flow-dev-web in eu-central-1, after the site and the api stack', () => {
    expect(flow.web.stackName).toBe('kim-flow-dev-web');
    expect(flow.web.region).toBe('eu-central-1');
    expect(new Set(flow.web.dependencies)).toEqual(new Set([flow.site, flow.api]));
  });

  it('deploys the built pages and config.json into the bucket and invalidates the distribution', () => {
    expect(deployment().Properties).toMatchObject({
      DistributionId: { 'Fn::ImportValue': expect.stringMatching(new RegExp(`^kim-flow-dev-site:ExportsOutputRef${logicalId(flow.site.distribution, flow.site)}`)) as unknown },
      DistributionPaths: ['/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    // Into the site stack's bucket: its name from the ARN the site stack exports.
    expect(JSON.stringify(deployment().Properties.DestinationBucketName)).toBe(
      JSON.stringify({ 'Fn::Select': [0, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::ImportValue': SITE_BUCKET_EXPORT }] }] }] }] }),
    );
    expect(site.toJSON()).toMatchObject({ Outputs: { ExportkimflowdevsiteSiteBucketArn: { Value: { 'Fn::GetAtt': [logicalId(flow.site.bucket, flow.site), 'Arn'] }, Export: { Name: SITE_BUCKET_EXPORT } } } });
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
    for (const [marker, value] of Object.entries(properties.SourceMarkers[1] ?? {})) text = text.replaceAll(marker, renderValue(value));
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
    expect(renderValue(invalidation?.Resource)).toMatch(
      new RegExp(`^arn:aws:cloudfront::<AWS::AccountId>:distribution/<import:kim-flow-dev-site:ExportsOutputRef${logicalId(flow.site.distribution, flow.site)}\\w*>$`),
    );
    const objects = statements.filter((s) => JSON.stringify(s.Action).includes('s3:PutObject'));
    expect(objects.map((s) => renderValue(s.Resource))).toEqual([`<import:${SITE_BUCKET_EXPORT}>/*`]);
    expect(statements.every((s) => s.Resource !== '*')).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });
});
