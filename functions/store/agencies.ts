import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, LetterSettings, PublishingSettings } from '#core/agency.ts';
import { db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

type Versions = { lettersVersion: number; publishingVersion: number };

const fields = ({
  id,
  name,
  kind,
  parentId,
  order,
  acceptsApplications,
  code,
  receiptCutoff,
  letters,
  publishing,
  lettersVersion,
  publishingVersion,
}: Agency & Partial<Versions>): Agency & Versions => ({
  id,
  name,
  kind,
  parentId,
  order,
  acceptsApplications,
  code,
  ...(receiptCutoff && { receiptCutoff }),
  ...(letters && { letters }),
  ...(publishing && { publishing }),
  lettersVersion: lettersVersion ?? 0,
  publishingVersion: publishingVersion ?? 0,
});

export type StoredAgency = Agency & Versions;

export async function getAgency(id: string): Promise<StoredAgency | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.agency(id) }));
  return Item && fields(Item as Agency);
}

export async function listAgencies(): Promise<StoredAgency[]> {
  const items = await queryAll<Agency>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyList().gsi1pk },
  });
  return items.map(fields);
}

/** How long a function's copy of the agency directory serves before it is read again. */
const directoryMs = 30_000;
let directory: { at: number; agencies: Promise<StoredAgency[]> } | undefined;

/**
 * Every agency, as a list to show (the portal's directory, the application form's choice of agency,
 * the county's overview): read at most every 30 s per function instance, so a page that lists the
 * agencies does not read all their profiles each time. A new agency appears within that time; what
 * must be current (an agency's own settings, access) reads `getAgency`.
 */
export function agencyDirectory(): Promise<StoredAgency[]> {
  if (!directory || Date.now() - directory.at > directoryMs) {
    const agencies = listAgencies();
    directory = { at: Date.now(), agencies };
    agencies.catch(() => (directory = undefined));
  }
  return directory.agencies;
}

export async function putAgency(agency: Agency): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.agency(agency.id),
        ...keys.agencyList(),
        gsi1sk: `${String(agency.order).padStart(4, '0')}#${agency.id}`,
        ...fields(agency),
      },
    }),
  );
  directory = undefined;
}

/**
 * Saves one group of the agency's settings (its letter template, its 索引号 rule) if it is still at
 * `expectedVersion`; false if someone saved first.
 */
export async function saveAgencySettings<F extends 'letters' | 'publishing'>(
  agencyId: string,
  field: F,
  value: F extends 'letters' ? LetterSettings : PublishingSettings,
  expectedVersion: number,
): Promise<number | false> {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.agency(agencyId),
        UpdateExpression: 'SET #field = :value, #version = :version',
        ConditionExpression:
          'attribute_exists(pk) AND (#version = :expected OR (attribute_not_exists(#version) AND :expected = :zero))',
        ExpressionAttributeNames: { '#field': field, '#version': `${field}Version` },
        ExpressionAttributeValues: {
          ':value': value,
          ':version': expectedVersion + 1,
          ':expected': expectedVersion,
          ':zero': 0,
        },
      }),
    );
    return expectedVersion + 1;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
