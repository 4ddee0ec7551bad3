import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '#core/staff.ts';
import { db, queryAll, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

/** A staff member's profile. In AWS the account itself lives in Cognito; this is the directory entry. */
export interface StaffMember {
  username: string;
  name: string;
  agencyId: string;
  roles: Role[];
}

export async function getStaff(username: string): Promise<StaffMember | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.staff(username) }));
  if (!Item) return undefined;
  const { name, agencyId, roles } = Item as StaffMember;
  return { username, name, agencyId, roles };
}

export async function putStaff(member: StaffMember): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.staff(member.username),
        ...keys.agencyStaff(member.agencyId),
        gsi1sk: member.username,
        ...member,
      },
    }),
  );
}

/** The staff of one agency, by username. */
export async function listAgencyStaff(agencyId: string): Promise<StaffMember[]> {
  const items = await queryAll<StaffMember>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyStaff(agencyId).gsi1pk },
  });
  return items.map(({ username, name, agencyId: agency, roles }) => ({ username, name, agencyId: agency, roles }));
}
