/**
 * AWS Control Tower's proactive controls on every template synth writes: the cfn-guard rules (and the cfn-guard binary)
 * that `@cdklabs/cdk-validator-cfnguard` ships, run as a CDK policy-validation plugin next to cdk-nag. Offline, in
 * `cdk synth` and in the infra tests alike. A rule that does not fit a resource is acknowledged on that resource, with
 * its reason, like the cdk-nag findings; CDK leaves it out of the failures and lists it, reason included, under
 * `suppressedViolations` in cdk.out/validation-report.json.
 */
import { Validations, type App } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IConstruct } from 'constructs';

/** The plugin's name: CDK files its findings under it, and an acknowledgement names a rule as `<plugin>::<rule>`. */
export const CONTROL_TOWER_PLUGIN = 'cdk-validator-cfnguard';

/**
 * The rules KIM Flow acknowledges somewhere (cfn-guard rule names, as the report prints them), each with its control;
 * the infra tests check that each is still needed and that no other is acknowledged.
 */
export const ACKNOWLEDGED_CONTROL_TOWER_RULES = [
  'api_gw_v2_authorization_type_configured_check', // CT.APIGATEWAY.PR.5
  'cloudfront_custom_ssl_certificate_check', // CT.CLOUDFRONT.PR.6
  'cloudfront_origin_failover_enabled_check', // CT.CLOUDFRONT.PR.4
  'cloudfront_security_policy_check', // CT.CLOUDFRONT.PR.9
  'cloudfront_sni_enabled_check', // CT.CLOUDFRONT.PR.7
  'cloudwatch_log_group_retention_period_check', // CT.CLOUDWATCH.PR.2
  'lambda_function_public_access_prohibited_check', // CT.LAMBDA.PR.2
  'lambda_inside_vpc_check', // CT.LAMBDA.PR.3
  's3_bucket_default_encryption_kms_check', // CT.S3.PR.10
  's3_bucket_logging_enabled_check', // CT.S3.PR.2
  's3_bucket_object_lock_enabled_check', // CT.S3.PR.9
  's3_event_notifications_enabled_check', // CT.S3.PR.4
  'sqs_dlq_check', // CT.SQS.PR.1
] as const;
export type ControlTowerRule = (typeof ACKNOWLEDGED_CONTROL_TOWER_RULES)[number];

export function addControlTowerRules(app: App): void {
  Validations.of(app).addPlugins(new CfnGuardValidator());
}

/** Acknowledges `rule` on the construct's CloudFormation resource (the construct itself if it is one). */
export function acknowledgeControlTowerRule(construct: IConstruct, rule: ControlTowerRule, reason: string): void {
  const resource = construct.node.defaultChild ?? construct;
  Validations.of(resource).acknowledge({ id: `${CONTROL_TOWER_PLUGIN}::${rule}`, reason });
}
