import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyKind, LetterSettings, PublishingSettings } from '#core/agency.ts';
import type { RenderTarget } from '#core/site-plan.ts';
import {
  batchGet,
  db,
  failedConditions,
  conditionHeld,
  queryAll,
  queryPage,
  tableName,
  transactWrite,
  NotAsRead,
  writeFromFreshRead,
} from '#lib/dynamo.ts';
import { adminLogPut, type AdminLogEntry } from './admin-log.ts';
import * as keys from './keys.ts';
import { renderTaskPut } from './render-queue.ts';

/** `version` counts edits of the profile; the settings groups count their own. */
type Versions = { version: number; lettersVersion: number; publishingVersion: number };
const versionNames = ['version', 'lettersVersion', 'publishingVersion'] as const;

const fields = ({
  id,
  name,
  shortName,
  kind,
  parentId,
  order,
  acceptsApplications,
  code,
  receiptCutoff,
  letters,
  publishing,
  contact,
  site,
  active,
  vertical,
  superior,
  version,
  lettersVersion,
  publishingVersion,
}: Agency & Partial<Versions>): Agency & Versions => ({
  id,
  name,
  ...(shortName && { shortName }),
  kind,
  parentId,
  order,
  acceptsApplications,
  code,
  ...(receiptCutoff && { receiptCutoff }),
  ...(letters && { letters }),
  ...(publishing && { publishing }),
  ...(contact && { contact }),
  ...(site && { site }),
  ...(active === false && { active }),
  ...(vertical && { vertical }),
  ...(superior && { superior }),
  version: version ?? 0,
  lettersVersion: lettersVersion ?? 0,
  publishingVersion: publishingVersion ?? 0,
});

export type StoredAgency = Agency & Versions;

/** `consistent` where the read is the "before" of a change (its version checked, its values audited). */
export async function getAgency(id: string, consistent = false): Promise<StoredAgency | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.agency(id), ConsistentRead: consistent }),
  );
  return Item && fields(Item as Agency);
}

/** The agency holding a code (receipt numbers carry it), if any. */
export async function agencyHoldingCode(code: string): Promise<StoredAgency | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.agencyCode(code) }));
  return Item ? getAgency(Item.agencyId as string) : undefined;
}

/** Several agencies by id (those that exist), one batch read per 100. */
export async function getAgencies(ids: readonly string[]): Promise<StoredAgency[]> {
  return (await batchGet(ids.map((id) => keys.agency(id)))).map((item) => fields(item as unknown as Agency));
}

export async function listAgencies(): Promise<StoredAgency[]> {
  const items = await queryAll<Agency>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyList().gsi1pk },
  });
  return items.map(fields);
}

/**
 * The agencies directly under `parentId` (null: the portal's top government), by kind and then in
 * portal order; of one kind where given. Reads only those agencies, however many the portal has.
 */
export async function agencyChildren(parentId: string | null, kind?: AgencyKind): Promise<StoredAgency[]> {
  const items = await queryAll<Agency>({
    IndexName: 'gsi2',
    KeyConditionExpression: kind ? 'gsi2pk = :pk AND begins_with(gsi2sk, :kind)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyChildren(parentId).gsi2pk, ...(kind && { ':kind': `${kind}#` }) },
  });
  return items.map(fields);
}

/** Which agencies a list asks for: those under one parent (null: the top), of one kind, taking applications. */
export interface AgencyQuery {
  parentId?: string | null;
  kind?: AgencyKind;
  /** Only those the application form offers: active and taking applications. */
  applying?: boolean;
}

/**
 * One page of agencies, in portal order, from the index the query names (its parent's, its kind's,
 * or all of them): `limit` items at most and the cursor of the next page, whatever the portal holds.
 */
export async function agencyPage(
  query: AgencyQuery,
  page: { limit: number; cursor?: string },
): Promise<{ items: StoredAgency[]; next: string | null }> {
  const [index, value] =
    query.parentId !== undefined
      ? (['gsi2', keys.agencyChildren(query.parentId).gsi2pk] as const)
      : query.kind
        ? (['gsi3', keys.agenciesOfKind(query.kind).gsi3pk] as const)
        : (['gsi1', keys.agencyList().gsi1pk] as const);
  const byKindUnderParent = query.parentId !== undefined && query.kind;
  const { items, next } = await queryPage<Agency>(
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk${byKindUnderParent ? ` AND begins_with(${index}sk, :kind)` : ''}`,
      ...(query.applying && {
        FilterExpression: '(attribute_not_exists(active) OR active = :true) AND acceptsApplications = :true',
      }),
      ExpressionAttributeValues: {
        ':pk': value,
        ...(byKindUnderParent && { ':kind': `${query.kind}#` }),
        ...(query.applying && { ':true': true }),
      },
    },
    { ...page, keyNames: ['pk', 'sk', `${index}pk`, `${index}sk`], partition: [`${index}pk`, value] },
  );
  return { items: items.map(fields), next };
}

/** The portal's top government (the county of a county's portal, the province of a province's): one item read. */
export async function topAgency(): Promise<StoredAgency | undefined> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.agencyChildren(null).gsi2pk },
      Limit: 1,
    }),
  );
  return Items[0] && fields(Items[0] as Agency);
}

/** Where an agency sits in its parent's directory (store/design.ts): by kind, then portal order. */
export const agencyDirectoryKeys = (agency: Pick<Agency, 'id' | 'kind' | 'order' | 'parentId'>) => ({
  ...keys.agencyChildren(agency.parentId),
  gsi2sk: `${agency.kind}#${String(agency.order).padStart(6, '0')}#${agency.id}`,
});

/** Where an agency sits among those of its kind: portal order. */
export const agencyKindKeys = (agency: Pick<Agency, 'id' | 'kind' | 'order'>) => ({
  ...keys.agenciesOfKind(agency.kind),
  gsi3sk: `${String(agency.order).padStart(6, '0')}#${agency.id}`,
});

const agencyItem = (agency: Agency & Partial<Versions>) => ({
  ...keys.agency(agency.id),
  ...keys.agencyList(),
  gsi1sk: `${String(agency.order).padStart(4, '0')}#${agency.id}`,
  ...agencyDirectoryKeys(agency),
  ...agencyKindKeys(agency),
  ...fields(agency),
});
const codeItem = (agency: Pick<Agency, 'id' | 'code'>) => ({ ...keys.agencyCode(agency.code), agencyId: agency.id });
/**
 * A new agency (or one whose kind, and so its deadlines, changed) on the sweep's agenda of report
 * reminders at once: the sweep's next run looks at its reports and places it by its kind's deadlines.
 */
export const reportReminderItem = (agency: Pick<Agency, 'id'>) => ({
  ...keys.reportReminder(agency.id, '2000-01-01'),
  agencyId: agency.id,
});

/** The hold of an agency's letter-number prefix. */
export const letterPrefixItem = (agencyId: string, prefix: string) => ({ ...keys.letterPrefix(prefix), agencyId });

/** Seeding only: the items `putAgency` writes, for seeds that write many agencies in batches (the province seed, the benches). */
export const agencyRecords = (agency: Agency): Record<string, unknown>[] => [
  agencyItem(agency),
  codeItem(agency),
  reportReminderItem(agency),
  ...(agency.letters?.prefix ? [letterPrefixItem(agency.id, agency.letters.prefix)] : []),
];

/** The agency holding a letter-number prefix, if any. */
export async function letterPrefixHolder(prefix: string): Promise<StoredAgency | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.letterPrefix(prefix) }));
  return Item ? getAgency(Item.agencyId as string) : undefined;
}

/** Seeding only: writes the agency as it stands (and holds its code), unconditionally. */
export async function putAgency(agency: Agency): Promise<void> {
  await Promise.all(agencyRecords(agency).map((Item) => db.send(new PutCommand({ TableName: tableName, Item }))));
}

/** Why an agency write did not land. */
export type AgencyWriteRefusal = 'exists' | 'code' | 'stale';

type Audit = Pick<AdminLogEntry, 'by' | 'action'>;

/**
 * Creates the agency with its code held unique, the audit entry and the pages to render, in one
 * transaction; or says which condition failed.
 */
export async function createAgency(
  agency: Agency,
  audit: Audit,
  render: RenderTarget[],
): Promise<StoredAgency | AgencyWriteRefusal> {
  const at = new Date().toISOString();
  const stored = fields({ ...agency, version: 1 });
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: agencyItem(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: tableName, Item: codeItem(agency), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: tableName, Item: reportReminderItem(agency) } },
      adminLogPut({
        ...audit,
        at,
        subject: 'agency',
        target: agency.id,
        agencyId: agency.id,
        before: null,
        after: stored,
      }),
      renderTaskPut(at, `agency#${agency.id}`, render),
    ]);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) return 'exists';
    if (failed.includes(1)) return 'code';
    throw error;
  }
  return stored;
}

/**
 * Replaces the agency's profile if it is still at `before.version`; a changed code is moved to the
 * new code's hold. Its letter and 索引号 settings are saved apart, each moving its own version and not
 * the profile's: the item is written with them as read and only while they are still so, and when
 * only they moved (the profile as read, so the caller's checks of it stand), it is read again and
 * written afresh over them. A Put of the whole item rather than an Update of the profile's attributes,
 * so that the audit entry and the answer show the agency as it was written, settings included.
 */
export async function updateAgency(
  before: StoredAgency,
  next: Agency,
  audit: Audit,
  render: RenderTarget[],
): Promise<StoredAgency | AgencyWriteRefusal> {
  return writeFromFreshRead(before, {
    reread: () => getAgency(before.id, true),
    current: (read) => read.version === before.version,
    write: (read) => writeProfile(read, next, audit, render),
    moved: 'stale',
  });
}

async function writeProfile(
  before: StoredAgency,
  next: Agency,
  audit: Audit,
  render: RenderTarget[],
): Promise<StoredAgency | AgencyWriteRefusal> {
  const at = new Date().toISOString();
  const stored = fields({
    ...next,
    letters: before.letters,
    publishing: before.publishing,
    lettersVersion: before.lettersVersion,
    publishingVersion: before.publishingVersion,
    version: before.version + 1,
  });
  const codeMoves = before.code !== next.code;
  try {
    await transactWrite([
      { Put: { TableName: tableName, Item: agencyItem(stored), ...atVersions(before) } },
      ...(codeMoves
        ? [
            { Put: { TableName: tableName, Item: codeItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Delete: { TableName: tableName, Key: keys.agencyCode(before.code) } },
          ]
        : []),
      ...(before.kind === next.kind ? [] : [{ Put: { TableName: tableName, Item: reportReminderItem(next) } }]),
      adminLogPut({ ...audit, at, subject: 'agency', target: next.id, agencyId: next.id, before, after: stored }),
      renderTaskPut(at, `agency#${next.id}`, render),
    ]);
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) throw new NotAsRead();
    if (failed.includes(1)) return 'code';
    throw error;
  }
  return stored;
}

/**
 * The condition that each of these versions is still as read; 0 also matches an item without it
 * (written before that version was kept).
 */
function atVersions(read: Partial<Versions>) {
  const names = versionNames.filter((name) => read[name] !== undefined);
  return {
    ConditionExpression: names
      .map((name) => (read[name] ? `#${name} = :${name}` : `(attribute_not_exists(#${name}) OR #${name} = :${name})`))
      .join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, read[name]])),
  };
}

/**
 * Saves one group of the agency's settings (its letter template, its 索引号 rule) if it is still at
 * `expectedVersion`; false if someone saved first (or took the letters' new prefix meanwhile). A new
 * letter prefix is held for the agency in the same transaction, and the old one let go.
 */
export async function saveAgencySettings<F extends 'letters' | 'publishing'>(
  agencyId: string,
  field: F,
  value: F extends 'letters' ? LetterSettings : PublishingSettings,
  expectedVersion: number,
  by: string,
): Promise<number | false> {
  const before = await getAgency(agencyId, true);
  if (!before) return false;
  const versionName = `${field}Version` as const;
  const held = atVersions({ [versionName]: expectedVersion });
  const saved = await conditionHeld(
    transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.agency(agencyId),
          UpdateExpression: `SET #field = :value, #${versionName} = :saved`,
          ConditionExpression: `attribute_exists(pk) AND ${held.ConditionExpression}`,
          ExpressionAttributeNames: { '#field': field, ...held.ExpressionAttributeNames },
          ExpressionAttributeValues: {
            ':value': value,
            ':saved': expectedVersion + 1,
            ...held.ExpressionAttributeValues,
          },
        },
      },
      ...prefixMoves(
        agencyId,
        field === 'letters' ? before.letters?.prefix : undefined,
        field === 'letters' ? (value as LetterSettings).prefix : undefined,
      ),
      adminLogPut({
        by,
        subject: field,
        target: agencyId,
        agencyId,
        action: field === 'letters' ? '修改文书设置' : '修改索引号规则',
        before: before[field] ?? null,
        after: value,
      }),
    ]),
  );
  return saved && expectedVersion + 1;
}

/** The writes that hold a new letter prefix for the agency (if no other holds it) and let its old one go. */
function prefixMoves(agencyId: string, was: string | undefined, is: string | undefined) {
  if (!is || was === is) return [];
  return [
    {
      Put: {
        TableName: tableName,
        Item: letterPrefixItem(agencyId, is),
        ConditionExpression: 'attribute_not_exists(pk) OR agencyId = :self',
        ExpressionAttributeValues: { ':self': agencyId },
      },
    },
    ...(was
      ? [
          {
            Delete: {
              TableName: tableName,
              Key: keys.letterPrefix(was),
              ConditionExpression: 'agencyId = :self',
              ExpressionAttributeValues: { ':self': agencyId },
            },
          },
        ]
      : []),
  ];
}

/** Whether any application to the agency is in one of `statuses` (one key read per status, at most one item each). */
export async function hasApplicationsIn(agencyId: string, statuses: readonly string[]): Promise<boolean> {
  const found = await Promise.all(
    statuses.map(async (status) => {
      const { gsi3pk } = keys.queue(agencyId, status, undefined, null, '');
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi3pk },
          Limit: 1,
        }),
      );
      return Items.length > 0;
    }),
  );
  return found.some(Boolean);
}

/** The agency's 电子印章 (PNG bytes), if it has uploaded one. */
export async function getAgencySeal(id: string): Promise<Uint8Array | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.agencySeal(id) }));
  return Item?.png as Uint8Array | undefined;
}

/** Replaces (or, with none, removes) the agency's 电子印章, and says so in the log of administration. */
export async function saveAgencySeal(id: string, png: Uint8Array | undefined, by: string): Promise<void> {
  await transactWrite([
    png
      ? { Put: { TableName: tableName, Item: { ...keys.agencySeal(id), png, updatedBy: by } } }
      : { Delete: { TableName: tableName, Key: keys.agencySeal(id) } },
    adminLogPut({
      by,
      subject: 'letters',
      target: id,
      agencyId: id,
      action: png ? '上传电子印章' : '删除电子印章',
      // The image itself stays out of the log.
      before: null,
      after: png ? { bytes: png.length } : null,
    }),
  ]);
}
