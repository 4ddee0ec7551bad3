/** The site's public address: written by the deployment (by the local platform locally), read by whoever links to it. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export async function getSiteUrl(): Promise<string> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.siteConfig() }));
  return (Item?.url as string | undefined) ?? '';
}

export const putSiteUrl = (url: string) =>
  db.send(new PutCommand({ TableName: tableName, Item: { ...keys.siteConfig(), url } }));

/** How long a function keeps the address it read (it changes only with a deployment). */
const addressMs = 5 * 60_000;
let address: { at: number; url: Promise<string> } | undefined;

/** The site's address as pages read it on every request: from the table at most every 5 minutes. */
export function cachedSiteUrl(): Promise<string> {
  if (!address || Date.now() - address.at > addressMs) {
    const url = getSiteUrl();
    address = { at: Date.now(), url };
    url.catch(() => (address = undefined));
  }
  return address.url;
}
