/** Starts the local platform for one test file, on the shared services, with names of its own. */
import { randomBytes } from 'node:crypto';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, SignJWT } from 'jose';
import { inject } from 'vitest';
import { localAudience, localIssuer } from '../../cdk/local/jwt.ts';
import { startPlatform, type Platform } from '../../cdk/local/platform.ts';
import * as keys from '#store/keys.ts';
import { useTestFormKey } from './applications.ts';
import { comingYears } from './calendar.ts';
import { noteTable } from './mail-files.ts';
import { smtpEnvironment } from './smtp.ts';

/** What a delivered message records: `local` (kept in the outbox) by default, `sent` through SMTP. */
export const deliveredAs = process.env.GONGKAI_TEST_MAIL === 'smtp' ? 'sent' : 'local';

/** The coming years entered before the platform serves anything (see ./calendar.ts). */
async function enterComingYears(table: string) {
  const { db } = await import('#lib/dynamo.ts');
  for (const schedule of comingYears())
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.calendarYear(schedule.year),
          ...schedule,
          version: 1,
          updatedBy: 'test',
          updatedAt: new Date().toISOString(),
        },
      }),
    );
}

/**
 * `calendar: 'official'` leaves the years after the official data unentered, for the tests of what
 * happens before an administrator enters them.
 */
export async function startTestPlatform(
  options: {
    s3Endpoint?: string;
    dynamodbEndpoint?: string;
    calendar?: 'official';
    /** What the platform seeds: the demo county (default), or a province of so many agencies. */
    seed?: { province: number };
  } = {},
): Promise<Platform & { names: { table: string; siteBucket: string; privateBucket: string } }> {
  const { dynamodb, s3: sharedS3 } = inject('services');
  const smtp = inject('smtp');
  if (smtp) Object.assign(process.env, smtpEnvironment(smtp));
  const s3 = options.s3Endpoint ?? sharedS3;
  const id = randomBytes(4).toString('hex');
  const names = { table: `test-${id}`, siteBucket: `test-${id}-site`, privateBucket: `test-${id}-private` };
  const platform = await startPlatform({
    dynamodbEndpoint: options.dynamodbEndpoint ?? dynamodb,
    s3Endpoint: s3,
    names,
    port: 0,
    ...(options.seed && { seed: options.seed }),
  });
  noteTable(names.table);
  await useTestFormKey(names.table);
  if (options.calendar !== 'official') await enterComingYears(names.table);
  return { ...platform, names };
}

export async function signIn(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A token with the right issuer and audience, signed by a key the platform does not trust. */
export async function foreignToken(claims: Record<string, unknown>, expiresIn = '1h'): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}

/** A value with every object's keys in order, so an item rewritten in place compares equal. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object' && !(value instanceof Uint8Array)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

/**
 * Every item of this test file's table, whole and sorted, to compare before and after requests
 * that must change nothing. Attempt counters (rate limits), health probes, the renderer's lease,
 * the record of who signed in when, and the sign-in provider's keys (made on its first use, which a
 * refused token's check may be) are left out: those are what refused requests rightly leave behind.
 */
export async function tableSnapshot(): Promise<string[]> {
  // What the renderer and the mailer do meanwhile (the demo county's first pages, a receipt's
  // e-mail marked delivered) is not the requests' doing.
  await siteSettled();
  await mailSettled();
  const { db, tableName } = await import('#lib/dynamo.ts');
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items
    .filter(
      (i) =>
        // Rate windows, health probes and a refused form's draft (30 minutes, for the page it is sent back on) pass by TTL.
        !/^(RATE#|HEALTH|DRAFT#)/.test(String(i.pk)) &&
        !String(i.pk).startsWith('SIGNIN#') &&
        !(i.pk === 'RENDER' && i.sk === 'LOCK') && // the renderer's lease, released just after its last task
        !String(i.pk).startsWith('KEYS#'),
    )
    .map((i) => JSON.stringify(canonical(i)))
    .sort();
}

/** Waits until the mailer (the local stand-in for the outbox's stream) has handled every message written. */
export async function mailSettled(timeoutMs = 30_000): Promise<void> {
  const { pendingMail } = await import('#store/outbox.ts');
  const deadline = Date.now() + timeoutMs;
  while ((await pendingMail(10)).length) {
    if (Date.now() > deadline) throw new Error(`the outbox did not settle within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the renderer (the local stand-in for the stream-driven function) has worked every
 * render task: a step answers before its pages are written, as in AWS.
 */
export async function siteSettled(timeoutMs = 60_000): Promise<void> {
  const { listRenderTasks } = await import('#store/render-queue.ts');
  const deadline = Date.now() + timeoutMs;
  for (let waiting = await listRenderTasks(10); waiting.length; waiting = await listRenderTasks(10)) {
    if (Date.now() > deadline)
      throw new Error(
        `the site did not settle within ${timeoutMs} ms: ${waiting.map((t) => `${t.sk} ${JSON.stringify(t.targets).slice(0, 200)}`).join('; ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A staff request with a token: the status and the parsed JSON answer. */
export async function staffCall(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
