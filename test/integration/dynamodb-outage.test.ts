/**
 * DynamoDB stopped in the middle of a run of submissions and staff steps: every request while it
 * is down is refused with a clean 503 and changes nothing; after it restarts (same data on disk),
 * each request retried with its key takes effect exactly once, and the report counters still
 * equal a recount of the records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPlatform, type Platform } from '../../cdk/local/platform.ts';
import { freePort, startDynamoDbLocal, type RunningService } from '../../cdk/local/services.ts';
import { personApplication, useTestFormKey, wholeQueue } from '../support/applications.ts';
import { captureLogs } from '../support/logs.ts';
import { signIn } from '../support/platform.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-outage-'));
let dynamoPort: number;
let dynamo: RunningService;
let platform: Platform;
let token: string;
const logs = captureLogs();

beforeAll(async () => {
  dynamoPort = await freePort();
  dynamo = await startDynamoDbLocal({ port: dynamoPort, dbPath: dataDir });
  platform = await startPlatform({
    dynamodbEndpoint: dynamo.endpoint,
    s3Endpoint: inject('services').s3,
    names: { table: 'outage', siteBucket: 'outage-site', privateBucket: 'outage-private' },
    port: 0,
  });
  await useTestFormKey('outage');
  token = await signIn(platform.url, 'lsh-handler');
}, 120_000);

afterAll(async () => {
  logs.restore();
  await platform?.stop();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const unavailableMessage = '服务暂时不可用，请稍后重试。您的请求未被处理。';

interface Attempt {
  key: string;
  title: string;
  applicant: string;
  status: number;
  receiptNumber?: string;
}

async function send(attempt: Omit<Attempt, 'status'>): Promise<Attempt> {
  const body = personApplication({ request: { title: attempt.title, description: '停机期间提交的申请' } });
  (body.applicant as Record<string, string>).name = attempt.applicant;
  const response = await fetch(`${platform.url}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': attempt.key },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { receiptNumber?: string; message?: string };
  if (response.status === 503) {
    expect(answer.message).toBe(unavailableMessage);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0); // when to try again
  }
  return { ...attempt, status: response.status, receiptNumber: answer.receiptNumber };
}

const staff = (path: string, init: RequestInit = {}) =>
  fetch(`${platform.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });

async function confirm(receiptNumber: string, version: number): Promise<number> {
  const response = await staff(`/api/staff/applications/${receiptNumber}/actions`, {
    method: 'POST',
    body: JSON.stringify({ version, action: { type: 'confirmReceipt' } }),
  });
  if (response.status === 503) {
    expect(((await response.json()) as { message: string }).message).toBe(unavailableMessage);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  return response.status;
}

/** Retries until the answer is not a 503, nor a 409 for a claim the outage left pending (it goes stale after 30 s). */
async function untilSettled<T extends { status: number }>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await work();
    if (![503, 409].includes(result.status) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

describe('DynamoDB stopped mid-run', () => {
  it('refuses with 503 while down, and after the restart every request is present exactly once', {
    timeout: 240_000,
  }, async () => {
    const attempts: Attempt[] = [];
    const confirmed = new Map<string, number>(); // receipt number → status of its confirmReceipt
    const run = Date.now().toString(36);
    const next = (i: number) => ({
      key: `outage-${run}-${i}`,
      title: `停机演练申请第 ${i} 件（${run}）`,
      applicant: `演练申请人${i}`,
    });

    // Up: submissions, each third one confirmed by the handler.
    for (let i = 0; i < 9; i++) {
      const attempt = await send(next(i));
      expect(attempt.status).toBe(201);
      attempts.push(attempt);
      if (i % 3 === 0) confirmed.set(attempt.receiptNumber!, await confirm(attempt.receiptNumber!, 1));
    }
    expect([...confirmed.values()].every((status) => status === 200)).toBe(true);
    const pending = attempts.filter((a) => !confirmed.has(a.receiptNumber!)).slice(0, 3);

    // Down: every submission and staff step is a clean 503; health says so too.
    await dynamo.stop();
    for (let i = 9; i < 15; i++) {
      const attempt = await send(next(i));
      expect(attempt.status).toBe(503);
      attempts.push(attempt);
    }
    for (const attempt of pending) expect(await confirm(attempt.receiptNumber!, 1)).toBe(503);
    expect((await fetch(`${platform.url}/api/health`)).status).toBe(503);
    expect((await staff('/api/staff/applications')).status).toBe(503);

    // Up again, on the same data: the refused requests retried with their keys, the rest resent.
    dynamo = await startDynamoDbLocal({ port: dynamoPort, dbPath: dataDir });
    for (const [i, attempt] of attempts.entries()) {
      const again = await untilSettled(() => send(attempt));
      expect(again.status, `retry of ${attempt.key}`).toBe(201);
      if (attempt.status === 201) expect(again.receiptNumber).toBe(attempt.receiptNumber);
      attempts[i] = { ...attempt, receiptNumber: again.receiptNumber };
    }
    for (const attempt of pending)
      expect((await untilSettled(async () => ({ status: await confirm(attempt.receiptNumber!, 1) }))).status).toBe(200);

    // Each application once, the confirmed ones confirmed once, and nothing half-written.
    const applications = (await wholeQueue(platform.url, token)) as {
      receiptNumber: string;
      title: string;
      status: string;
    }[];
    const ours = applications.filter((a) => a.title.includes(run));
    expect(ours.map((a) => a.title).sort()).toEqual(attempts.map((a) => a.title).sort());
    expect(new Set(ours.map((a) => a.receiptNumber)).size).toBe(attempts.length);
    const inProgress = ours
      .filter((a) => a.status === 'inProgress')
      .map((a) => a.receiptNumber)
      .sort();
    expect(inProgress).toEqual([...confirmed.keys(), ...pending.map((a) => a.receiptNumber!)].sort());
    for (const receiptNumber of inProgress) {
      const { events } = (await (await staff(`/api/staff/applications/${receiptNumber}`)).json()) as {
        events: { text: string }[];
      };
      expect(events.filter((e) => e.text.startsWith('确认收到')).length, receiptNumber).toBe(1);
    }
    const recount = (await (
      await fetch(`${platform.url}/api/dev/recount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { differences: number };
    expect(recount.differences).toBe(0);

    // The log lines name routes and errors, never the applicants.
    expect(logs.lines.some((line) => line.includes('"status":503'))).toBe(true);
    for (const attempt of attempts) expect(logs.lines.filter((line) => line.includes(attempt.applicant))).toEqual([]);
    expect(logs.lines.filter((line) => /11010519491231002X|13800000000/.test(line))).toEqual([]);
  });
});
