import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '#core/agency.ts';
import { db, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

const fields = ({ id, name, kind, parentId, order, acceptsApplications, code, receiptCutoff }: Agency): Agency => ({
  id, name, kind, parentId, order, acceptsApplications, code, ...(receiptCutoff && { receiptCutoff }),
});

export async function getAgency(id: string): Promise<Agency | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.agency(id) }));
  return Item && fields(Item as Agency);
}

export async function listAgencies(): Promise<Agency[]> {
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
