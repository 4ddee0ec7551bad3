/** Creates the table and buckets the CDK stack would, from the same design. Idempotent. */
import {
  CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { uploadCorsRule } from '#store/uploads.ts';
import { s3 } from '#lib/s3.ts';
import { tableDesign } from '#store/design.ts';

export async function ensureTable(name: string): Promise<boolean> {
  const client = new DynamoDBClient({});
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = [tableDesign.partitionKey, tableDesign.sortKey, ...tableDesign.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  await client.send(new CreateTableCommand({
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDesign.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  }));
  await client.send(new UpdateTimeToLiveCommand({
    TableName: name,
    TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
  }));
  return true;
}

/** `uploads`: the bucket takes the browser's presigned POSTs (CORS), as the private bucket does in AWS. */
export async function ensureBucket(name: string, options: { uploads?: boolean } = {}): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }
  if (options.uploads) await s3.send(new PutBucketCorsCommand({ Bucket: name, CORSConfiguration: { CORSRules: [uploadCorsRule] } }));
}
