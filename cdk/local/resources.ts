/** Creates the table and buckets the CDK stack would, from the same design. Idempotent. */
import {
  CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, UpdateTableCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queueAttributes, setAttributes, type StoredApplication } from '#store/applications.ts';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { uploadCorsRule } from '#store/uploads.ts';
import { s3 } from '#lib/s3.ts';
import { tableDesign } from '#store/design.ts';

export async function ensureTable(name: string): Promise<boolean> {
  const client = new DynamoDBClient({});
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    await addMissingIndexes(client, name, new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)));
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

/**
 * A data folder from before an index existed (a later version of the design): the index is added,
 * and the applications are given the attributes it is keyed on (the sweep then places open ones by
 * their deadline). In AWS the stack creates every index before the first record is written.
 */
async function addMissingIndexes(client: DynamoDBClient, name: string, present: Set<string | undefined>) {
  const missing = tableDesign.indexes.filter((index) => !present.has(index.indexName));
  for (const index of missing) {
    await client.send(new UpdateTableCommand({
      TableName: name,
      AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      GlobalSecondaryIndexUpdates: [{ Create: {
        IndexName: index.indexName,
        KeySchema: [{ AttributeName: index.partitionKey, KeyType: 'HASH' }, { AttributeName: index.sortKey, KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      } }],
    }));
  }
  if (!missing.length) return;
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: name, FilterExpression: 'sk = :app AND attribute_not_exists(gsi2pk)', ExpressionAttributeValues: { ':app': 'APP' }, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const queue = setAttributes(queueAttributes(item as StoredApplication, null));
      await documents.send(new UpdateCommand({ TableName: name, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: `SET ${queue.set}`, ExpressionAttributeValues: queue.values }));
    }
    start = page.LastEvaluatedKey;
  } while (start);
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
