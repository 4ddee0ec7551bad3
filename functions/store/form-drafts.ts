/**
 * A citizen's form sent back with its errors (Post/Redirect/Get): what was typed, the errors and the
 * form's start token, kept for 30 minutes under an opaque id, for the page the browser is sent to.
 * Personal data never goes into the address or a log: the address carries the id only, and the draft
 * opens only in the browser that holds the secret its cookie carries (kept as a hash here).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export const draftMinutes = 30;
export const draftIdPattern = /^[A-Za-z0-9_-]{22}$/;

export interface FormDraft {
  /** Which form it is for: a draft opens only on its own form's page. */
  form: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  /** The start token the form was first given: its minimum time counts once per form, not per correction. */
  formToken?: string;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

/** A new browser secret, for the draft cookie of a browser that has none. */
export const newDraftSecret = () => randomBytes(24).toString('base64url');

export async function saveDraft(draft: FormDraft, secret: string, now = Date.now()): Promise<string> {
  const id = randomBytes(16).toString('base64url');
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.formDraft(id),
        browser: hashOf(secret).toString('base64url'),
        draft: JSON.stringify(draft),
        expiresAt: Math.floor(now / 1000) + draftMinutes * 60,
      },
    }),
  );
  return id;
}

/** The draft, if it is this form's, not expired, and this browser's (its secret); otherwise none. */
export async function readDraft(
  id: string,
  form: string,
  secret: string | undefined,
  now = Date.now(),
): Promise<FormDraft | undefined> {
  if (!secret || !draftIdPattern.test(id)) return undefined;
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: keys.formDraft(id) }));
  // TTL removes an item within days, not at once: the time is checked here.
  if (!Item || (Item.expiresAt as number) * 1000 < now) return undefined;
  const stored = Buffer.from(Item.browser as string, 'base64url');
  const given = hashOf(secret);
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
  const draft = JSON.parse(Item.draft as string) as FormDraft;
  return draft.form === form ? draft : undefined;
}
