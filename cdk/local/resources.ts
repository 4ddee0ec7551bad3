/** Creates the table and buckets the CDK stack would, from the same design. Idempotent. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { sweepEveryDay } from '#core/workflow.ts';
import { type Agency, isGovernment } from '#core/agency.ts';
import { figureChanges, reportedFigures } from '#core/annual-report.ts';
import { addToReportSums, sumOwners, type StoredReport } from '#store/reports.ts';
import { addToSumsUnder, listStats } from '#store/stats.ts';
import { defaultGuide, defaultRules } from '#core/pages/default-pages.ts';
import { applicantReceiptWrites } from '#store/applicant-receipts.ts';
import type { StoredApplication } from '#store/applications.ts';
import { queueAttributes, setAttributes } from '#store/placement.ts';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { uploadCorsRule } from '#store/uploads.ts';
import { s3 } from '#lib/s3.ts';
import * as keys from '#store/keys.ts';
import { tableDesign } from '#store/design.ts';
import { agencyDirectoryKeys, agencyKindKeys, letterPrefixItem, reportReminderItem } from '#store/agencies.ts';

export async function ensureTable(name: string): Promise<boolean> {
  const client = new DynamoDBClient({});
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    await addMissingIndexes(client, name, new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)));
    await migrate(client, name);
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = [
    tableDesign.partitionKey,
    tableDesign.sortKey,
    ...tableDesign.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  await client.send(
    new CreateTableCommand({
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
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
    }),
  );
  await DynamoDBDocumentClient.from(client).send(
    new PutCommand({ TableName: name, Item: { ...keys.migrations(), done: new Set(Object.keys(migrations)) } }),
  );
  return true;
}

type Documents = ReturnType<typeof DynamoDBDocumentClient.from>;

/** Scans the table's applications, calling `each` on every one. */
async function eachApplication(
  documents: Documents,
  name: string,
  each: (application: StoredApplication) => Promise<void>,
) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: name,
        FilterExpression: 'sk = :app',
        ExpressionAttributeValues: { ':app': 'APP' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) await each(item as StoredApplication);
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Calls `each` on every agency's profile, a page at a time. */
async function eachAgency(documents: Documents, name: string, each: (agency: Agency) => Promise<unknown>) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.agencyList().gsi1pk },
        ExclusiveStartKey: start,
      }),
    );
    for (const agency of (page.Items ?? []) as Agency[]) await each(agency);
    start = page.LastEvaluatedKey;
  } while (start);
}

/** Sets an index's keys on an agency's profile. */
const setKeys = (documents: Documents, name: string, agency: Agency, placed: Record<string, string>) =>
  documents.send(
    new UpdateCommand({
      TableName: name,
      Key: keys.agency(agency.id),
      UpdateExpression: `SET ${Object.keys(placed)
        .map((key) => `${key} = :${key}`)
        .join(', ')}`,
      ExpressionAttributeValues: Object.fromEntries(Object.entries(placed).map(([key, value]) => [`:${key}`, value])),
    }),
  );

/**
 * Records a later version of the design keeps beside the ones it had: written for a data folder
 * from before, once (a new table starts with every migration done).
 */
const migrations: Record<string, (documents: Documents, name: string) => Promise<void>> = {
  /** Each applicant's own list of applications to an agency (the 109号 per-item count reads it). */
  applicantReceipts: (documents, name) =>
    eachApplication(documents, name, async (application) => {
      if (!application.receiptDate || !application.applicant) return;
      for (const write of applicantReceiptWrites(application, 'received'))
        await documents.send(new PutCommand({ TableName: name, Item: write.Put!.Item }));
    }),
  /**
   * Partitions of their own for what only some functions may reach (the IAM grants): credentials,
   * sign-in records and the platform's keys move out of the staff and CONFIG partitions.
   */
  ownPartitions: async (documents, name) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: name,
          FilterExpression:
            '(begins_with(pk, :staff) AND (sk = :credential OR begins_with(sk, :signin))) OR (pk = :config AND sk = :oidc)',
          ExpressionAttributeValues: {
            ':staff': 'STAFF#',
            ':credential': 'CREDENTIAL',
            ':signin': 'SIGNIN#',
            ':config': 'CONFIG',
            ':oidc': 'OIDCKEYS',
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const { pk, sk, ...item } of page.Items ?? []) {
        const username = String(pk).slice('STAFF#'.length);
        const moved =
          sk === 'CREDENTIAL'
            ? keys.credential(username)
            : sk === 'OIDCKEYS'
              ? keys.oidcKeys()
              : keys.signIn(username, String(sk).slice('SIGNIN#'.length));
        await documents.send(new PutCommand({ TableName: name, Item: { ...item, ...moved } }));
        await documents.send(new DeleteCommand({ TableName: name, Key: { pk, sk } }));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  },
  /** The list of mail pending: undelivered messages of every agency's outbox. */
  mailPending: async (documents, name) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: name,
          FilterExpression: 'begins_with(sk, :outbox) AND delivery IN (:pending, :failed)',
          ExpressionAttributeValues: { ':outbox': 'OUTBOX#', ':pending': 'pending', ':failed': 'failed' },
          ExclusiveStartKey: start,
        }),
      );
      for (const mail of page.Items ?? []) {
        const listed = keys.mailPending(mail.at, mail.agencyId, mail.receiptNumber, mail.version);
        await documents.send(
          new UpdateCommand({
            TableName: name,
            Key: { pk: mail.pk, sk: mail.sk },
            UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
            ExpressionAttributeValues: { ':pk': listed.gsi1pk, ':sk': listed.gsi1sk },
          }),
        );
      }
      start = page.LastEvaluatedKey;
    } while (start);
  },
  /** Each published item's place in the county listing, which the renderer now keeps apart from the item. */
  countyPositions: async (documents, name) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: name,
          FilterExpression: 'begins_with(pk, :pub) AND sk = :item',
          ExpressionAttributeValues: { ':pub': 'PUB#', ':item': 'ITEM' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const county = (item.positions as { listing: string; seq: number }[] | undefined)?.find(
          (p) => p.listing === 'county',
        );
        if (county)
          await documents.send(
            new PutCommand({ TableName: name, Item: { ...keys.countyPosition(String(item.id)), seq: county.seq } }),
          );
      }
      start = page.LastEvaluatedKey;
    } while (start);
  },
  /** Each agency's guide and rules as its own pages, drafted as the column showed them. */
  columnPages: async (documents, name) => {
    const agencies = await documents.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.agencyList().gsi1pk },
      }),
    );
    for (const agency of (agencies.Items ?? []) as Agency[]) {
      for (const [page, draft] of [
        ['guide', defaultGuide],
        ['rules', defaultRules],
      ] as const) {
        await documents
          .send(
            new PutCommand({
              TableName: name,
              Item: {
                ...keys.agencyPage(agency.id, page),
                html: draft(agency),
                version: 1,
                updatedBy: '系统',
                updatedAt: new Date().toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .catch((error: unknown) => {
            if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
          });
      }
    }
  },
  /** The sweep's agenda: every open application due at once, so the next sweep places each where it belongs. */
  sweepAgenda: async (documents, name) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: 'pk = :open',
          ExpressionAttributeValues: { ':open': keys.openApplications().pk },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const agenda = keys.sweepAgenda(sweepEveryDay, String(item.sk));
        await documents.send(
          new UpdateCommand({
            TableName: name,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
            ExpressionAttributeValues: { ':pk': agenda.gsi1pk, ':sk': agenda.gsi1sk },
          }),
        );
      }
      start = page.LastEvaluatedKey;
    } while (start);
  },
  /** Each agency's place in its parent's directory (the public site's 机构目录 and its frame read it). */
  agencyDirectory: (documents, name) =>
    eachAgency(documents, name, (agency) => setKeys(documents, name, agency, agencyDirectoryKeys(agency))),
  /** Each agency's place among those of its kind (the lists of agencies filtered by kind). */
  agencyKinds: (documents, name) =>
    eachAgency(documents, name, (agency) => setKeys(documents, name, agency, agencyKindKeys(agency))),
  /** Each government's sums of reports: what the reports submitted or published before add to its overview. */
  reportSums: async (documents, name) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: name,
          FilterExpression: 'begins_with(pk, :agency) AND begins_with(sk, :report)',
          ExpressionAttributeValues: { ':agency': 'AGENCY#', ':report': 'REPORT#' },
          ExclusiveStartKey: start,
        }),
      );
      for (const report of (page.Items ?? []) as StoredReport[]) {
        const { Item: agency } = await documents.send(
          new GetCommand({ TableName: name, Key: keys.agency(report.agencyId) }),
        );
        if (!agency) continue;
        const owners = sumOwners(agency as Agency, isGovernment((agency as Agency).kind));
        await addToReportSums(owners, report.year, figureChanges(undefined, reportedFigures(report)));
      }
      start = page.LastEvaluatedKey;
    } while (start);
  },
  /** Each government's sums of the counters of the agencies under it (its 工作统计 total reads them). */
  statsUnder: (documents, name) =>
    eachAgency(documents, name, async (agency) => {
      const counters = await listStats(agency.id);
      const changes = [...counters].flatMap(([year, values]) =>
        Object.entries(values).map(([counter, by]) => ({ year, name: counter, by })),
      );
      await addToSumsUnder([{ agencyId: agency.id, parentId: agency.parentId, changes }]);
    }),
  /** Each agency's letter-number prefix held for it (机关设置 refuses one another agency holds). */
  letterPrefixes: (documents, name) =>
    eachAgency(documents, name, async (agency) => {
      if (agency.letters?.prefix)
        await documents.send(
          new PutCommand({ TableName: name, Item: letterPrefixItem(agency.id, agency.letters.prefix) }),
        );
    }),
  /** Each agency on the sweep's agenda of report reminders, looked at on the next run. */
  reminderAgenda: (documents, name) =>
    eachAgency(documents, name, (agency) =>
      documents.send(new PutCommand({ TableName: name, Item: reportReminderItem(agency) })),
    ),
};

async function migrate(client: DynamoDBClient, name: string) {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const { Item } = await documents.send(
    new GetCommand({ TableName: name, Key: keys.migrations(), ConsistentRead: true }),
  );
  const done = (Item?.done as Set<string> | undefined) ?? new Set<string>();
  for (const [migration, run] of Object.entries(migrations)) {
    if (done.has(migration)) continue;
    await run(documents, name);
    await documents.send(
      new UpdateCommand({
        TableName: name,
        Key: keys.migrations(),
        UpdateExpression: 'ADD done :m',
        ExpressionAttributeValues: { ':m': new Set([migration]) },
      }),
    );
  }
}

/**
 * A data folder from before an index existed (a later version of the design): the index is added,
 * and the applications are given the attributes it is keyed on (the sweep then places open ones by
 * their deadline). In AWS the stack creates every index before the first record is written.
 */
async function addMissingIndexes(client: DynamoDBClient, name: string, present: Set<string | undefined>) {
  const missing = tableDesign.indexes.filter((index) => !present.has(index.indexName));
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    );
  }
  if (!missing.length) return;
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await eachApplication(documents, name, async (application) => {
    if ((application as StoredApplication & { gsi2pk?: string }).gsi2pk) return;
    const queue = setAttributes(queueAttributes(application, null));
    await documents.send(
      new UpdateCommand({
        TableName: name,
        Key: keys.application(application.receiptNumber),
        UpdateExpression: `SET ${queue.set}`,
        ExpressionAttributeValues: queue.values,
      }),
    );
  });
}

/** `uploads`: the bucket takes the browser's presigned POSTs (CORS), as the private bucket does in AWS. */
export async function ensureBucket(name: string, options: { uploads?: boolean } = {}): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  }
  if (options.uploads)
    await s3.send(new PutBucketCorsCommand({ Bucket: name, CORSConfiguration: { CORSRules: [uploadCorsRule] } }));
}
