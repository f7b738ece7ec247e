/**
 * One `cdk deploy --all` gives a working sign-in, read from the synthesized cloud assembly as `cdk deploy` reads it
 * (manifest.json and the templates): every reference points to a stack deployed earlier; the web client's callback
 * is the site stack's distribution itself, not a value from the context; config.json names the api stack's client;
 * and the CSP, config.json and the user pool domain agree on Cognito's sign-in origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { readCloudAssembly, REHEARSAL_ACCOUNT, TemplateResolver, type CloudAssembly, type Json, type StackTemplate, type TemplateResource } from '../../local/rehearsal/cloud-assembly.ts';
import { newTestApp, type TestApp } from './synth.ts';

const STAGE_PREFIX = 'kim-flow-dev';
const SIGN_IN_ORIGIN = `https://${STAGE_PREFIX}-${REHEARSAL_ACCOUNT}.auth.eu-central-1.amazoncognito.com`;

const manifestSchema = z.object({
  artifacts: z.record(z.string(), z.object({ type: z.string(), dependencies: z.array(z.string()).optional() })),
});

/** The stacks in an order `cdk deploy --all` may take (each after its dependencies); throws on a cycle. */
function deployOrder(dependencies: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (stack: string): void => {
    if (order.includes(stack)) return;
    if (visiting.has(stack)) throw new Error(`cycle through ${stack}`);
    visiting.add(stack);
    for (const dependency of dependencies.get(stack) ?? []) visit(dependency);
    visiting.delete(stack);
    order.push(stack);
  };
  for (const stack of dependencies.keys()) visit(stack);
  return order;
}

/** Every value of `Fn::ImportValue` anywhere in the template (export names are literal strings in CDK's templates). */
function importedNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(importedNames);
  if (value === null || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  const imported = node['Fn::ImportValue'];
  if (imported !== undefined) return [z.string().parse(imported)];
  return Object.values(node).flatMap(importedNames);
}

describe('first deploy: sign-in without a second deploy', () => {
  let testApp: TestApp;
  let assembly: CloudAssembly;
  let resolver: TemplateResolver;
  let dependencies: Map<string, string[]>;

  /** Whether `stackName` depends on `other`, directly or through another stack (so CDK deploys `other` first). */
  const dependsOn = (stackName: string, other: string): boolean => {
    const direct = dependencies.get(stackName) ?? [];
    return direct.includes(other) || direct.some((dependency) => dependsOn(dependency, other));
  };
  const stack = (name: string): StackTemplate => resolver.stack(`${STAGE_PREFIX}-${name}`);
  const resourcesOf = (name: string, type: string): [string, TemplateResource][] =>
    Object.entries(stack(name).template.Resources).filter(([, resource]) => resource.Type === type);
  const onlyResource = (name: string, type: string): [string, TemplateResource] => {
    const found = resourcesOf(name, type);
    expect(found, `${type} in ${name}`).toHaveLength(1);
    return found[0] as [string, TemplateResource];
  };
  /** The stack exporting `exportName` and the exported value, as written in its template. */
  const exported = (exportName: string): { stackName: string; value: Json } => {
    for (const { stackName, template } of assembly.stacks) {
      const output = Object.values(template.Outputs ?? {}).find((o) => o.Export?.Name === exportName);
      if (output !== undefined) return { stackName, value: output.Value };
    }
    throw new Error(`no stack exports ${exportName}`);
  };

  beforeAll(() => {
    testApp = newTestApp();
    // The dev stage as its file has it: no appUrl, no certificate.
    buildKimFlow(testApp.app, { stage: 'dev' });
    testApp.app.synth();
    assembly = readCloudAssembly(testApp.outdir);
    resolver = new TemplateResolver(assembly);
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(testApp.outdir, 'manifest.json'), 'utf8')));
    const stackNames = new Set(assembly.stacks.map((s) => s.stackName));
    dependencies = new Map(
      Object.entries(manifest.artifacts)
        .filter(([name]) => stackNames.has(name))
        .map(([name, artifact]) => [name, (artifact.dependencies ?? []).filter((dependency) => stackNames.has(dependency))]),
    );
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('deploys the stacks in one order without a cycle: site before api before web, every import from a stack deployed earlier', () => {
    const order = deployOrder(dependencies);
    const position = (name: string): number => order.indexOf(`${STAGE_PREFIX}-${name}`);
    expect(position('site')).toBeGreaterThanOrEqual(0);
    expect(position('site')).toBeLessThan(position('api'));
    expect(position('api')).toBeLessThan(position('web'));
    // The functions' APP_URL is the distribution's address too.
    for (const name of ['meetings', 'workflow', 'sweeper']) expect(position('site'), name).toBeLessThan(position(name));
    const deployedBefore = (candidate: string, of: string): boolean => order.indexOf(candidate) < order.indexOf(of) && dependsOn(of, candidate);
    for (const { stackName, template } of assembly.stacks) {
      for (const name of new Set(importedNames(template))) {
        const from = exported(name).stackName;
        expect(deployedBefore(from, stackName), `${stackName} imports ${name} from ${from}`).toBe(true);
      }
    }
  });

  it('gives the web client the site stack\'s distribution as callback and sign-out target, a reference and no literal address', () => {
    const [, client] = onlyResource('api', 'AWS::Cognito::UserPoolClient');
    const urls = { CallbackURLs: '/angemeldet.html', LogoutURLs: '/' } as const;
    for (const [property, path] of Object.entries(urls)) {
      const [url, ...others] = z.array(z.json()).parse(client.Properties?.[property]);
      expect(others, property).toEqual([]);
      const [separator, parts] = z.object({ 'Fn::Join': z.tuple([z.string(), z.array(z.json())]) }).parse(url)['Fn::Join'];
      expect(separator).toBe('');
      const [scheme, domain, suffix] = parts;
      expect([scheme, suffix], property).toEqual(['https://', path]);
      const exportName = z.object({ 'Fn::ImportValue': z.string() }).parse(domain)['Fn::ImportValue'];
      const { stackName, value } = exported(exportName);
      expect(stackName).toBe(`${STAGE_PREFIX}-site`);
      const [distributionId, attribute] = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.string()]) }).parse(value)['Fn::GetAtt'];
      expect(attribute).toBe('DomainName');
      expect(stack('site').template.Resources[distributionId]?.Type).toBe('AWS::CloudFront::Distribution');
    }
    // Resolved as CloudFormation would: the address the site stack prints as WebUrl.
    const webUrl = resolver.resolveString(stack('site'), stack('site').template.Outputs?.WebUrl?.Value ?? null);
    expect(resolver.resolve(stack('api'), client.Properties?.CallbackURLs ?? null)).toEqual([`${webUrl}/angemeldet.html`]);
    expect(JSON.stringify(stack('api').template)).not.toContain('cloudfront.net');
  });

  it('writes config.json with the api stack\'s web client and the Cognito domain of its user pool, which the CSP allows', () => {
    const [, deployment] = onlyResource('web', 'Custom::CDKBucketDeployment');
    const { SourceObjectKeys: keys, SourceMarkers: markers } = z
      .object({ SourceObjectKeys: z.array(z.string()), SourceMarkers: z.array(z.record(z.string(), z.json())) })
      .parse(deployment.Properties);
    const configKey = keys.find((key, index) => Object.keys(markers[index] ?? {}).length > 0) ?? '';
    let text = readFileSync(join(testApp.outdir, `asset.${configKey.replace(/\.zip$/, '')}`, 'config.json'), 'utf8');
    const configMarkers = markers[keys.indexOf(configKey)] ?? {};
    const config = z
      .object({ signIn: z.object({ kind: z.literal('cognito'), domain: z.string(), clientId: z.string() }) })
      .parse(JSON.parse(text));

    // The client id: the api stack's web client (its Ref, exported).
    const clientImport = z.object({ 'Fn::ImportValue': z.string() }).parse(configMarkers[config.signIn.clientId]);
    const [clientId] = onlyResource('api', 'AWS::Cognito::UserPoolClient');
    expect(exported(clientImport['Fn::ImportValue'])).toEqual({ stackName: `${STAGE_PREFIX}-api`, value: { Ref: clientId } });

    // The sign-in origin: config.json (filled in at deploy), the api stack's user pool domain and the site's CSP agree.
    for (const [marker, value] of Object.entries(configMarkers)) text = text.replaceAll(marker, resolver.resolveString(stack('web'), value));
    const [, domain] = onlyResource('api', 'AWS::Cognito::UserPoolDomain');
    const poolDomain = `https://${resolver.resolveString(stack('api'), domain.Properties?.Domain ?? null)}.auth.eu-central-1.amazoncognito.com`;
    expect(poolDomain).toBe(SIGN_IN_ORIGIN);
    expect(JSON.parse(text)).toMatchObject({ signIn: { domain: SIGN_IN_ORIGIN } });
    const [, headers] = onlyResource('site', 'AWS::CloudFront::ResponseHeadersPolicy');
    const csp = resolver.resolveString(
      stack('site'),
      z.object({ ResponseHeadersPolicyConfig: z.object({ SecurityHeadersConfig: z.object({ ContentSecurityPolicy: z.object({ ContentSecurityPolicy: z.json() }) }) }) })
        .parse(headers.Properties).ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    );
    expect(csp.split('; ')).toContain(`connect-src 'self' ${SIGN_IN_ORIGIN}`);
  });

  it('puts every route, integration and the authorizer on the site stack\'s HTTP API, the one CloudFront sends /api/* to', () => {
    const [apiId] = onlyResource('site', 'AWS::ApiGatewayV2::Api');
    const onSiteApi = (value: Json | undefined): boolean => {
      const name = z.object({ 'Fn::ImportValue': z.string() }).safeParse(value);
      return name.success && JSON.stringify(exported(name.data['Fn::ImportValue'])) === JSON.stringify({ stackName: `${STAGE_PREFIX}-site`, value: { Ref: apiId } });
    };
    const routes = resourcesOf('api', 'AWS::ApiGatewayV2::Route');
    expect(routes.length).toBeGreaterThan(50);
    for (const type of ['AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer']) {
      for (const [id, resource] of resourcesOf('api', type)) expect(onSiteApi(resource.Properties?.ApiId), `${type} ${id}`).toBe(true);
    }
    expect(resourcesOf('api', 'AWS::ApiGatewayV2::Api')).toEqual([]);
    // API Gateway may invoke each function only from that API (SourceArn built from the imported id).
    for (const [id, permission] of resourcesOf('api', 'AWS::Lambda::Permission')) {
      expect(importedNames(permission.Properties?.SourceArn ?? null).some((name) => onSiteApi({ 'Fn::ImportValue': name })), id).toBe(true);
    }
  });
});
