/**
 * The keys of the platform's own OpenID provider: the RS256 key that signs ID tokens (the HTTP
 * API's JWT authoriser reads its public half from the provider's JWKS) and the keys that sign its
 * cookies. Made on first use and kept in the table (encrypted at rest like every item), so every
 * instance of the function signs with the same keys; two first uses at once keep one set.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type JsonWebKey } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { isConditionFailure } from '#lib/dynamo-errors.ts';
import { keys } from './design.ts';

export interface OidcKeys {
  jwks: { keys: (JsonWebKey & { kid: string; alg: string; use: string })[] };
  cookieKeys: string[];
}

function newKeys(): OidcKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

async function read(): Promise<OidcKeys | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.oidcKeys(), ConsistentRead: true }));
  return Item && { jwks: Item.jwks, cookieKeys: Item.cookieKeys };
}

export async function oidcKeys(): Promise<OidcKeys> {
  const stored = await read();
  if (stored) return stored;
  const made = newKeys();
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.oidcKeys(), ...made, createdAt: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return made;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return (await read())!; // another instance made them first
  }
}
