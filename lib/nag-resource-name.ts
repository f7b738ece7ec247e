/**
 * How cdk-nag writes a resource in a finding id (`AwsSolutions-IAM5[Resource::<SiteBucket397A1860.Arn>/*]`): an
 * acknowledgement must name exactly that text, and tests/infra/iam-policies.test.ts compares against the same.
 */
import type { Stack } from 'aws-cdk-lib';

/**
 * A resolved CloudFormation value as cdk-nag renders it: Join → joined, Sub → `<Var>`, GetAtt → `<Res.Attr>`, Ref →
 * `<Res>`, ImportValue → the export's name.
 */
export function renderNagResource(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) throw new Error(`cannot render ${JSON.stringify(value)}`);
  const node = value as Record<string, unknown>;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(renderNagResource).join(separator);
  }
  if (typeof node['Fn::Sub'] === 'string') return node['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
  if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  if (typeof node['Fn::ImportValue'] === 'string') return node['Fn::ImportValue'];
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

export const nagResourceName = (stack: Stack, arn: string): string => renderNagResource(stack.resolve(arn));
