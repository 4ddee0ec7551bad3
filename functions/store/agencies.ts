import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, LetterSettings } from '#core/agency.ts';
import { db, isConditionFailure, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

const fields = ({ id, name, kind, parentId, order, acceptsApplications, code, receiptCutoff, letters, lettersVersion }: Agency & { lettersVersion?: number }): Agency & { lettersVersion: number } => ({
  id, name, kind, parentId, order, acceptsApplications, code, ...(receiptCutoff && { receiptCutoff }), ...(letters && { letters }), lettersVersion: lettersVersion ?? 0,
});

export type StoredAgency = Agency & { lettersVersion: number };

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

export async function putAgency(agency: Agency): Promise<void> {
  await db.send(new PutCommand({
    TableName: tableName,
    Item: {
      ...keys.agency(agency.id),
      ...keys.agencyList(),
      gsi1sk: `${String(agency.order).padStart(4, '0')}#${agency.id}`,
      ...fields(agency),
    },
  }));
}

/** Saves the agency's letter template if it is still at `expectedVersion`; false if someone saved first. */
export async function saveLetterSettings(agencyId: string, letters: LetterSettings, expectedVersion: number): Promise<number | false> {
  try {
    await db.send(new UpdateCommand({
      TableName: tableName,
      Key: keys.agency(agencyId),
      UpdateExpression: 'SET letters = :letters, lettersVersion = :version',
      ConditionExpression: 'attribute_exists(pk) AND (lettersVersion = :expected OR (attribute_not_exists(lettersVersion) AND :expected = :zero))',
      ExpressionAttributeValues: { ':letters': letters, ':version': expectedVersion + 1, ':expected': expectedVersion, ':zero': 0 },
    }));
    return expectedVersion + 1;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
