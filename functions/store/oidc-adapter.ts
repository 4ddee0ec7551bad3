/**
 * The storage of the platform's own OpenID provider (`oidc-provider`'s adapter interface) in the
 * table: one item per stored model instance (sessions, interactions, authorization codes, grants,
 * tokens), kept until it expires (DynamoDB's TTL removes it, and reads ignore what is past its time).
 * A session is found by its `uid` and a grant's tokens by their `grantId` through gsi1, so revoking a
 * grant deletes exactly its tokens.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

type Payload = Record<string, unknown> & { uid?: string; grantId?: string; userCode?: string };

const now = () => Math.floor(Date.now() / 1000);

/** The secondary key an instance is found by: a session by uid, a device flow by user code, a token by its grant. */
function secondary(model: string, payload: Payload) {
  if (model === 'Session' && payload.uid) return keys.oidcBy('uid', payload.uid);
  if (payload.userCode) return keys.oidcBy('userCode', payload.userCode);
  if (payload.grantId && model !== 'Grant') return keys.oidcBy('grant', payload.grantId);
  return undefined;
}

export class DynamoOidcAdapter {
  readonly model: string;
  constructor(model: string) {
    this.model = model;
  }

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const key = keys.oidc(this.model, id);
    const by = secondary(this.model, payload);
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...key,
          ...(by && { gsi1pk: by.gsi1pk, gsi1sk: key.pk }),
          model: this.model,
          id,
          payload,
          ...(typeof expiresIn === 'number' && { expiresAt: now() + expiresIn }),
        },
      }),
    );
  }

  async find(id: string): Promise<Payload | undefined> {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.oidc(this.model, id), ConsistentRead: true }),
    );
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= now())) return undefined;
    return { ...(Item.payload as Payload), ...(Item.consumed && { consumed: Item.consumed }) };
  }

  async #findBy(kind: 'uid' | 'userCode', value: string): Promise<Payload | undefined> {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.oidcBy(kind, value).gsi1pk },
      }),
    );
    const mine = Items.find((item) => item.model === this.model);
    return mine ? this.find(String(mine.id)) : undefined;
  }

  findByUid(uid: string) {
    return this.#findBy('uid', uid);
  }

  findByUserCode(userCode: string) {
    return this.#findBy('userCode', userCode);
  }

  async consume(id: string): Promise<void> {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.oidc(this.model, id),
        UpdateExpression: 'SET #consumed = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#consumed': 'consumed' },
        ExpressionAttributeValues: { ':at': now() },
      }),
    );
  }

  async destroy(id: string): Promise<void> {
    await db.send(new DeleteCommand({ TableName: tableName, Key: keys.oidc(this.model, id) }));
  }

  /** Every token of the grant (a grant has a handful: its code, access and refresh tokens). */
  async revokeByGrantId(grantId: string): Promise<void> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.oidcBy('grant', grantId).gsi1pk },
          ExclusiveStartKey,
        }),
      );
      await Promise.all(
        (page.Items ?? []).map((item) =>
          db.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } })),
        ),
      );
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
}
