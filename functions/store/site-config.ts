/** The site's public address: written by the deployment (by the local platform locally), read by whoever links to it. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { keys } from './design.ts';

export async function getSiteUrl(): Promise<string> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.siteConfig() }));
  return (Item?.url as string | undefined) ?? '';
}

export const putSiteUrl = (url: string) =>
  db.send(new PutCommand({ TableName: tableName, Item: { ...keys.siteConfig(), url } }));
