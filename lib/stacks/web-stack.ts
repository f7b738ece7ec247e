import { CfnResource, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { SiteConfig } from '../../web/site-config.ts';
import { acknowledgeNagRule } from '../acknowledge-nag.ts';
import type { DeployConfig } from '../config.ts';
import { kimLogGroup } from '../constructs/log-group.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { nagResourceName } from '../nag-resource-name.ts';
import { webPagesAsset } from '../web-build.ts';

export interface WebStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The ARN of the site stack's bucket of the pages (SiteStack.bucketArnExport). */
  readonly bucketArn: string;
  /** The site stack's distribution, invalidated after each copy. */
  readonly distribution: Distribution;
  /** Base URL of Cognito's hosted sign-in (`https://….auth.<region>.amazoncognito.com`, the api stack's UserPoolDomain.baseUrl()). */
  readonly signInUrl: string;
  /** The web app client of the user pool (authorization code with PKCE). */
  readonly userPoolClientId: string;
}

/**
 * The web pages, last before monitoring: built at synth time and copied into the site stack's bucket with
 * `/config.json` telling them to sign in with the api stack's Cognito domain and web client, then the distribution
 * is invalidated. A stack of its own because config.json needs the web client's id, which needs the distribution
 * (SiteStack explains the order).
 */
export class WebStack extends Stack {
  /** The built pages (web/build.ts) as a CDK asset, deployed with config.json into the bucket. */
  public readonly pages: Asset;
  public readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props.config;
    const { distribution } = props;
    const bucket = Bucket.fromBucketArn(this, 'SiteBucket', props.bucketArn);

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
            new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
            new PolicyStatement({
              actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
              resources: [bucket.arnForObjects('*')],
            }),
            new PolicyStatement({ actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'], resources: [distribution.distributionArn] }),
          ],
        }),
      },
    });
    const deploymentRoleResource = deploymentRole.node.defaultChild;
    if (deploymentRoleResource === undefined) throw new Error('Role without a CloudFormation resource');
    for (const objects of [pages.bucket.arnForObjects('*'), bucket.arnForObjects('*')]) {
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
      destinationBucket: bucket,
      role: deploymentRole.withoutPolicyUpdates(),
      // Pages and scripts keep their names across deploys: browsers revalidate (ETag) instead of using an old copy,
      // and the edge caches are invalidated with every deploy.
      cacheControl: [CacheControl.noCache()],
      distribution,
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
    acknowledgeNagRule(
      deploymentFunction,
      'AwsSolutions-L1',
      'The function is aws-cdk-lib\'s BucketDeployment handler (Python, AWS CLI layer); its runtime is set by aws-cdk-lib and ' +
        'moves with CDK upgrades. It runs only during deployments, on the pages and config.json of this stack.',
    );
    acknowledgeNagRule(deploymentFunction, 'Serverless-LambdaLatestVersion', 'The same runtime set by aws-cdk-lib as for AwsSolutions-L1.');
    acknowledgeNagRule(
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
    acknowledgeNagRule(
      deploymentFunction,
      'Serverless-LambdaTracing',
      'aws-cdk-lib\'s handler, run only during deployments; its log group holds what a trace would show.',
    );
  }
}
