/**
 * Background jobs: the site rebuild and the recount are started by staff routes that answer at
 * once (202), run by the function that works their kind (the renderer, the jobs function; locally
 * their pollers), followed by id, and split into turns
 * that each stop well before the function's timeout, so nothing is killed mid-way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobOutcome } from '../support/jobs.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let admin: string;
beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await signIn(platform.url, 'fs-admin');
});
afterAll(() => platform?.stop());

const post = (token: string, path: string, body?: unknown) =>
  fetch(`${platform.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('background jobs', () => {
  it('rebuilds the site as a job the API answers at once and staff follow to the end', async () => {
    const started = await post(admin, '/api/staff/site/rebuild');

    expect(started.status).toBe(202);
    const job = await started.json();
    expect(job).toMatchObject({ kind: 'rebuildSite', state: 'queued', progress: { done: 0 } });
    const outcome = await jobOutcome(platform.url, admin, job.id);
    expect(outcome).toMatchObject({ state: 'done', result: { written: expect.any(Number) } });
    expect(outcome.progress.done).toBe(outcome.progress.total);
    expect((await fetch(`${platform.url}/lushuihe/`)).status).toBe(200);
  });

  it("lets only the starting agency's administrators follow a job", async () => {
    const job = await (await post(admin, '/api/staff/site/rebuild')).json();
    const [townAdmin, countyHandler] = await Promise.all([
      signIn(platform.url, 'lsh-admin'),
      signIn(platform.url, 'fs-handler'),
    ]);

    expect(
      (await fetch(`${platform.url}/api/staff/jobs/${job.id}`, { headers: { authorization: `Bearer ${townAdmin}` } }))
        .status,
    ).toBe(404);
    expect(
      (
        await fetch(`${platform.url}/api/staff/jobs/${job.id}`, {
          headers: { authorization: `Bearer ${countyHandler}` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${platform.url}/api/staff/jobs/0000000000000000`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).status,
    ).toBe(404);
    await jobOutcome(platform.url, admin, job.id);
  });

  it('hands a job on to a fresh turn when its time runs short, and finishes it over several', async () => {
    const { enqueueJob, getJob, listJobTurns } = await import('#store/jobs.ts');
    const [{ runJobTurn, turnMarginMs }, { jobKinds }] = await Promise.all([
      import('#store/job-turns.ts'),
      import('../../functions/jobs/run.ts'),
    ]);
    // The local worker held still, this test plays its part: each turn is told it has just under its
    // margin left, so it does one slice and hands on.
    platform.pauseWorkers(true);
    const id = `${'f'.repeat(14)}01`;
    await enqueueJob({ id, kind: 'recount', params: {}, by: 'fs-admin', agencyId: 'fusong' });
    const turns: string[] = [];
    for (
      let turn = (await listJobTurns(10)).find((t) => t.jobId === id);
      turn;
      turn = (await listJobTurns(10)).find((t) => t.jobId === id)
    ) {
      turns.push(await runJobTurn(turn, jobKinds, () => turnMarginMs - 1));
    }
    platform.pauseWorkers(false);
    const agencies = (await getJob(id))!.progress.total;

    expect(agencies).toBeGreaterThan(1);
    expect(turns).toEqual([...Array(agencies - 1).fill('queued'), 'done']);
    const job = await jobOutcome(platform.url, admin, id);
    expect(job).toMatchObject({
      state: 'done',
      progress: { done: agencies, total: agencies },
      result: { counted: agencies, differences: 0 },
    });
  });

  it('records a job that fails as failed, with a message for staff and nothing left running', async () => {
    const { enqueueJob, getJob, listJobTurns } = await import('#store/jobs.ts');
    const [{ runJobTurn }, { jobKinds }] = await Promise.all([
      import('#store/job-turns.ts'),
      import('../../functions/jobs/run.ts'),
    ]);
    const id = `${'e'.repeat(14)}02`;
    await enqueueJob({ id, kind: 'unknownKind' as never, params: {}, by: 'fs-admin', agencyId: 'fusong' });
    const turn = (await listJobTurns(10)).find((t) => t.jobId === id);
    if (turn) await runJobTurn(turn, jobKinds, () => Number.POSITIVE_INFINITY);

    // Read from the store: the API would not describe a kind it does not know.
    for (let i = 0; i < 50 && (await getJob(id))!.state !== 'failed'; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const job = (await getJob(id))!;
    expect(job).toMatchObject({ state: 'failed', error: expect.stringContaining('任务执行失败') });
    expect(job.leaseUntil).toBeUndefined();
    expect((await listJobTurns(10)).filter((t) => t.jobId === id)).toEqual([]);
  });
});

describe('one job of a kind at a time (issue: security, cost)', () => {
  const starts = [
    ['the site rebuild', '/api/staff/site/rebuild', undefined],
    ['the recount', '/api/reports/recount', {}],
    ['自查', '/api/staff/inspection', {}],
  ] as const;

  it.each(starts)(
    'answers three simultaneous starts of %s with one job, and starts afresh once it ended',
    async (_, path, body) => {
      // The workers held still, so the first job is certainly still queued when the others arrive.
      platform.pauseWorkers(true);
      let answers: Response[];
      try {
        answers = await Promise.all([post(admin, path, body), post(admin, path, body), post(admin, path, body)]);
      } finally {
        platform.pauseWorkers(false);
      }
      const jobs = await Promise.all(answers.map((a) => a.json()));

      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
      expect(await jobOutcome(platform.url, admin, jobs[0].id)).toMatchObject({ state: 'done' });
      const next = await post(admin, path, body);
      expect(next.status).toBe(202);
      const again = await next.json();
      expect(again.id).not.toBe(jobs[0].id);
      await jobOutcome(platform.url, admin, again.id);
    },
  );

  it('refuses a start that asks for something else while one of its kind runs, naming the running job', async () => {
    platform.pauseWorkers(true);
    let running: { id: string };
    let other: Response;
    try {
      running = await (await post(admin, '/api/reports/recount', {})).json();

      other = await post(admin, '/api/reports/recount', { repair: true });
    } finally {
      platform.pauseWorkers(false);
    }

    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'in-progress', message: expect.stringContaining(running.id) });
    await jobOutcome(platform.url, admin, running.id);
  });

  it('lets a new job take over from one that died without ending (its turn lost)', async () => {
    const { enqueueJob } = await import('#store/jobs.ts');
    const { db, tableName } = await import('#lib/dynamo.ts');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    platform.pauseWorkers(true);
    let first: { job: { id: string } };
    let second: { job: { id: string }; started: boolean };
    try {
      first = await enqueueJob({ id: 'a'.repeat(16), kind: 'recount', params: {}, by: 'fs-admin', agencyId: 'fusong' });
      // Its turn never ran and nothing has touched it for an hour.
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `JOB#${first.job.id}`, sk: 'JOB' },
          UpdateExpression: 'SET updatedAt = :old',
          ExpressionAttributeValues: { ':old': new Date(Date.now() - 3600_000).toISOString() },
        }),
      );

      second = await enqueueJob({
        id: 'b'.repeat(16),
        kind: 'recount',
        params: {},
        by: 'fs-admin',
        agencyId: 'fusong',
      });
    } finally {
      platform.pauseWorkers(false);
    }

    expect(second).toMatchObject({ started: true, job: { id: 'b'.repeat(16) } });
    await jobOutcome(platform.url, admin, second.job.id);
  });
});
