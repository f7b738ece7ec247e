import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Acknowledges a cdk-nag finding (`id`, e.g. `AwsSolutions-CFR1`) on the construct's CloudFormation resource, with its reason. */
export function acknowledgeNagRule(construct: IConstruct, id: string, reason: string): void {
  const resource = construct.node.defaultChild ?? construct;
  Validations.of(resource).acknowledge({ id, reason });
}
