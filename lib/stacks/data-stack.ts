import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION, type KeyAttribute } from '../../core/table/table-definition.ts';
import type { Stage } from '../config.ts';
import { kimKey } from '../constructs/kms-key.ts';

export interface DataStackProps extends StackProps {
  readonly stage: Stage;
}

/** The single DynamoDB table (built from core's TABLE_DEFINITION, like the local bootstrap) and its KMS key. */
export class DataStack extends Stack {
  public readonly table: Table;
  public readonly tableKey: Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.tableKey = kimKey(this, 'TableKey', {
      description: `KIM Flow (${props.stage}): encryption at rest of the DynamoDB table`,
      // Without the key the retained table (and its PITR backups) cannot be read.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Table, not TableV2: one region only (data stays in Germany), and cdk-nag's DynamoDB rules (e.g. PITR) only
    // inspect AWS::DynamoDB::Table, so a GlobalTable would slip past them.
    this.table = new Table(this, 'Table', {
      // A fixed name on purpose: a change that would replace the table fails loudly in CloudFormation instead of
      // quietly creating a new, empty table next to the retained one. Also readable for operators.
      tableName: `kim-flow-${props.stage}`,
      partitionKey: toAttribute(TABLE_DEFINITION.partitionKey),
      sortKey: toAttribute(TABLE_DEFINITION.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: toAttribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    // For operations: the staff command and the restore drill (README) name the table and its key.
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'TableKeyArn', { value: this.tableKey.keyArn, description: 'KMS key of the table and of its restores' });
  }
}

function toAttribute(attribute: KeyAttribute): Attribute {
  return { name: attribute.name, type: attribute.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}
