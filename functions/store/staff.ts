import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Role } from '#core/staff.ts';
import { db, failedConditions, isConditionFailure, queryAll, tableName, transactWrite } from '#lib/dynamo.ts';
import { adminLogPut, type AdminLogEntry } from './admin-log.ts';
import * as keys from './keys.ts';

/**
 * A staff member's profile: the authority for who they are, their agency and roles, and whether the
 * account may act (the token only says who signed in). The sign-in itself lives with the identity
 * provider (Cognito, or the platform's own, whose credential is a separate item).
 */
export interface StaffMember {
  username: string;
  /** The display name in timelines, letters and the console (陈静). */
  name: string;
  agencyId: string;
  roles: Role[];
  email?: string;
  phone?: string;
  /** Disabled accounts are refused on every request, whatever token they hold. */
  disabled?: boolean;
  /** Set while the account is being created with the identity provider; such a profile cannot act. */
  pending?: boolean;
  version?: number;
  createdAt?: string;
}

const fields = (item: StaffMember): StaffMember => {
  const { username, name, agencyId, roles, email, phone, disabled, pending, version, createdAt } = item;
  return {
    username,
    name,
    agencyId,
    roles,
    ...(email && { email }),
    ...(phone && { phone }),
    ...(disabled && { disabled }),
    ...(pending && { pending }),
    version: version ?? 0,
    ...(createdAt && { createdAt }),
  };
};

const staffItem = (member: StaffMember) => ({
  ...keys.staff(member.username),
  ...keys.agencyStaff(member.agencyId),
  gsi1sk: member.username,
  ...fields(member),
});

/**
 * Read on every staff request (store/staff-access.ts): the item less its keys, kept lean for every function's
 * bundle. `consistent` where the read is the "before" of a change.
 */
export async function getStaff(username: string, consistent = false): Promise<StaffMember | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: keys.staff(username), ConsistentRead: consistent }),
  );
  if (!Item) return undefined;
  const { pk: _p, sk: _s, gsi1pk: _g, gsi1sk: _k, ...member } = Item;
  return member as StaffMember;
}

/** Seeding only: the profile as it stands, unconditionally. */
export async function putStaff(member: StaffMember): Promise<void> {
  await db.send(new PutCommand({ TableName: tableName, Item: staffItem({ version: 1, ...member }) }));
}

/** The staff of one agency, by username (an agency has tens, not thousands). */
export async function listAgencyStaff(agencyId: string): Promise<StaffMember[]> {
  const items = await queryAll<StaffMember>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.agencyStaff(agencyId).gsi1pk },
  });
  return items.map(fields);
}

type Audit = Pick<AdminLogEntry, 'by' | 'action'>;
const logged = ({ pending: _, ...member }: StaffMember) => ({
  ...fields(member),
  disabled: Boolean(member.disabled),
});
const audited = (audit: Audit, target: string, agencyId: string, before: StaffMember | null, after: StaffMember) =>
  adminLogPut({ ...audit, subject: 'staff', target, agencyId, before: before && logged(before), after: logged(after) });

/**
 * The first half of creating an account: a pending profile, unless the username is taken by a
 * finished one. A pending profile left by an attempt that failed half-way is taken over.
 */
export async function reserveStaff(member: StaffMember): Promise<StaffMember | 'exists'> {
  const pending = fields({ ...member, pending: true, version: 0, createdAt: new Date().toISOString() });
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: staffItem(pending),
        ConditionExpression: 'attribute_not_exists(pk) OR pending = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    return pending;
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

/** The second half: the provider has the account; the profile becomes live, with its audit entry. */
export async function activateStaff(member: StaffMember, audit: Audit): Promise<StaffMember> {
  const live = fields({ ...member, pending: undefined, version: 1 });
  await transactWrite([
    {
      Put: {
        TableName: tableName,
        Item: staffItem(live),
        ConditionExpression: 'pending = :yes',
        ExpressionAttributeValues: { ':yes': true },
      },
    },
    audited(audit, member.username, member.agencyId, null, live),
  ]);
  return live;
}

/** Gives up a pending profile whose account the provider could not create. */
export async function releaseStaff(username: string): Promise<void> {
  await db.send(
    new DeleteCommand({
      TableName: tableName,
      Key: keys.staff(username),
      ConditionExpression: 'pending = :yes',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
}

/** Saves the profile if it is still at `before.version`, with the audit entry; 'stale' if someone saved first. */
export async function updateStaff(
  before: StaffMember,
  next: StaffMember,
  audit: Audit,
): Promise<StaffMember | 'stale'> {
  const saved = fields({ ...next, version: (before.version ?? 0) + 1 });
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: staffItem(saved),
          ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': before.version ?? 0 },
        },
      },
      audited(audit, next.username, next.agencyId, before, saved),
    ]);
    return saved;
  } catch (error) {
    if (failedConditions(error).includes(0)) return 'stale';
    throw error;
  }
}

/** How long the sign-in history is kept. */
const signInDays = 400;

/** This instance's last recorded sign-in per account: one write per sign-in, not per request. */
const recorded = new Map<string, string>();

/**
 * Records a sign-in (its time, from the token's auth_time) once, in the account's sign-in partition:
 * the functions that record it never reach the profile, the credential or the roles.
 */
export async function recordSignIn(member: StaffMember, authTime: string): Promise<void> {
  if ((recorded.get(member.username) ?? '') >= authTime) return;
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.lastSignIn(member.username),
        UpdateExpression: 'SET #at = :at',
        ConditionExpression: 'attribute_not_exists(pk) OR #at < :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': authTime },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    recorded.set(member.username, authTime); // another request of the same sign-in recorded it
    return;
  }
  recorded.set(member.username, authTime);
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.signIn(member.username, authTime),
        at: authTime,
        expiresAt: Math.floor(Date.parse(authTime) / 1000) + signInDays * 86_400,
      },
    }),
  );
}

/** How long an ended sign-in is remembered: longer than any token of it can live (its refresh tokens' 8 hours). */
const endedHours = 9;

/**
 * A sign-in (an account's, by the auth_time its tokens carry) ended by signing out: from now on the
 * API refuses its ID tokens, however long they have left.
 */
export async function endSignIn(username: string, authTime: string): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.endedSignIn(username, authTime),
        expiresAt: Math.floor(Date.parse(authTime) / 1000) + endedHours * 3600,
      },
    }),
  );
}

/** Whether the sign-in at `authTime` was ended by signing out. */
export async function signInEnded(username: string, authTime: string): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.endedSignIn(username, authTime),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}

/** When each of `usernames` last signed in (absent: never), in batches of 100. */
export async function lastSignIns(usernames: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < usernames.length; i += 100) {
    let Keys: Record<string, unknown>[] | undefined = usernames.slice(i, i + 100).map(keys.lastSignIn);
    while (Keys?.length) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys, ProjectionExpression: 'pk, #at', ExpressionAttributeNames: { '#at': 'at' } },
          },
        }),
      );
      for (const item of answer.Responses?.[tableName] ?? [])
        found.set(String(item.pk).slice('SIGNIN#'.length), String(item.at));
      Keys = answer.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}

/** The most recent sign-ins, newest first. */
export async function listSignIns(username: string, limit = 20): Promise<string[]> {
  const { pk, skPrefix } = keys.signIns(username);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => String(item.at));
}
