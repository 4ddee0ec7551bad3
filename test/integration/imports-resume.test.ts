/**
 * The import job writes a slice of rows in steps (store/import-slices.ts): the 索引号 claims and
 * sequences with the slice's plan in one transaction, the rows' items in batch writes, the counters
 * in one transaction. A turn that stops between any two of them (the function's process dies: no
 * failure is recorded, the job's lease runs out and a new turn takes it) is completed by the next
 * turn: every row published once, with one event and one 索引号, the counters equal to a recount,
 * and, once the renderer has worked the tasks the job queued, one place in each of its listings (the
 * county's, its agency's, its category's), with no place left empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actingAs } from '../../cdk/local/table-access.ts';
import { siteSettled, startTestPlatform } from '../support/platform.ts';
import { publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
beforeAll(async () => {
  platform = await startTestPlatform({ calendar: 'official' });
  staff = publisher(platform.url);
});
afterAll(() => platform?.stop());

const rowCount = 40;
const rowsOf = (tag: string) =>
  Array.from({ length: rowCount }, (_, i) => ({
    title: `露水河镇历史信息（${tag}）第${i + 1}号`,
    category: i % 2 ? '其他应当主动公开的信息' : '行政规范性文件',
    ...(i % 2 === 0 && { validity: '有效' }),
    topic: '综合政务',
    documentNumber: `露政发〔2016〕${i + 1}号`,
    writtenOn: `2016-0${1 + (i % 9)}-10`,
    publishedOn: `2016-0${1 + (i % 9)}-${String(11 + (i % 17)).padStart(2, '0')}`,
    // Every fifth row keeps its old site's 索引号; the rest are given one by the agency's rule.
    ...(i % 5 === 0 && { indexNumber: `013869317/2016-9${tag}-${i}` }),
    summary: `迁移（${tag}）第 ${i + 1} 条。`,
    body: `第 ${i + 1} 条的正文。`,
  }));

/** A batch of the rows staged, submitted and approved, its job queued but not run (the workers held still). */
async function approvedBatch(tag: string) {
  const staged = await staff.call('handler', 'POST', '/api/staff/imports/publications', {
    dryRun: false,
    rows: rowsOf(tag),
  });
  expect(staged.body.errors).toEqual([]);
  const batch = staged.body.batch;
  const submitted = await staff.call('handler', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
    version: batch.version,
    action: { type: 'submit' },
  });
  const approved = await staff.call('reviewer', 'POST', `/api/staff/imports/publications/${batch.id}/actions`, {
    version: submitted.body.version,
    action: { type: 'approve', secrecyCheck: '同意导入。' },
  });
  expect(approved.status).toBe(200);
  return { batchId: batch.id as string, jobId: approved.body.jobId as string };
}

/**
 * Runs the job's work as the jobs function would, with the table client failing from the `nth` call
 * `stopAt` names: the process dying there (nothing after it is written, no failure recorded).
 */
async function stoppedTurn(jobId: string, stopAt: { command: string; nth: number }) {
  const [{ db }, { getJob }, { importPublications }] = await Promise.all([
    import('#lib/dynamo.ts'),
    import('#store/jobs.ts'),
    import('../../functions/jobs/import-publications.ts'),
  ]);
  const send = db.send.bind(db);
  let seen = 0;
  db.send = ((command: { constructor: { name: string } }, ...rest: []) => {
    if (command.constructor.name === stopAt.command && ++seen >= stopAt.nth)
      return Promise.reject(new Error('the process died'));
    return send(command as never, ...rest);
  }) as typeof db.send;
  try {
    const job = (await getJob(jobId))!;
    await expect(
      actingAs('jobs', () =>
        importPublications(
          job,
          () => true,
          async () => undefined,
        ),
      ),
    ).rejects.toThrow('the process died');
  } finally {
    db.send = send as typeof db.send;
  }
  expect(seen).toBeGreaterThanOrEqual(stopAt.nth);
}

/** The next turn, as the stream hands it to the jobs function. */
async function nextTurn(jobId: string) {
  const [{ listJobTurns }, { runJobTurn }, { jobKinds }] = await Promise.all([
    import('#store/jobs.ts'),
    import('#store/job-turns.ts'),
    import('../../functions/jobs/run.ts'),
  ]);
  const turn = (await listJobTurns(50)).find((t) => t.jobId === jobId)!;
  return actingAs('jobs', () => runJobTurn(turn, jobKinds, () => Number.POSITIVE_INFINITY));
}

async function publishedOnce(batchId: string, tag: string) {
  const [{ getPublication, listAgencyPublications }, { recountAgency }, { getAgency }] = await Promise.all([
    import('#store/publications.ts'),
    import('../../functions/jobs/recount.ts'),
    import('#store/agencies.ts'),
  ]);
  const detail = await staff.call('reviewer', 'GET', `/api/staff/imports/publications/${batchId}`);
  expect(detail.body).toMatchObject({ state: 'done', result: { published: rowCount, skipped: 0, failed: [] } });

  const items = (await listAgencyPublications('lushuihe')).filter((p) => p.content.title.includes(`（${tag}）`));
  expect(items).toHaveLength(rowCount);
  for (const item of items) expect((await getPublication(item.id))!.events).toHaveLength(1);
  // One 索引号 each, the kept ones kept.
  expect(new Set(items.map((i) => i.indexNumber)).size).toBe(rowCount);
  expect(items.filter((i) => i.indexNumber!.includes(`-9${tag}-`))).toHaveLength(rowCount / 5);
  // No listing place taken by the job: the renderer places the rows.
  expect(items.filter((i) => i.positions.length)).toEqual([]);
  // Each item's page and its places are queued for the renderer (held still here), after the item was written.
  const { listRenderTasks } = await import('#store/render-queue.ts');
  const tasks = await listRenderTasks(10_000);
  for (const kind of ['item', 'listings'] as const) {
    const queued = new Set(tasks.flatMap((t) => t.targets.flatMap((x) => (x.kind === kind ? [x.itemId] : []))));
    expect(items.filter((i) => !queued.has(i.id))).toEqual([]);
  }
  const recount = await recountAgency((await getAgency('lushuihe'))!);
  expect(recount.differences.filter((d) => /^(published|doc)_/.test(d.counter))).toEqual([]);
}

/**
 * After the renderer: each row in the county's, its agency's and its category's listing once, at a
 * place its own, in the order of the rows' 发布日期, and every place of those listings up to their
 * sequences holding an entry (none reserved and left empty).
 */
async function placedOnce(tag: string) {
  const [{ listAgencyPublications }, { getPlaces, listingEntries, readListingSequence }, { listingsOf }] =
    await Promise.all([import('#store/publications.ts'), import('#store/listings.ts'), import('#core/site-plan.ts')]);
  const items = (await listAgencyPublications('lushuihe')).filter((p) => p.content.title.includes(`（${tag}）`));
  expect(items).toHaveLength(rowCount);
  const listings = new Set<string>();
  for (const item of items) {
    const places = await getPlaces(item.id);
    const wanted = listingsOf('lushuihe', item.content.category);
    expect([...places.keys()].sort()).toEqual([...wanted].sort());
    for (const [listing, place] of places) {
      expect(place.gone).toBeUndefined();
      const [entry] = await listingEntries(listing, place.seq, place.seq);
      expect(entry?.itemId).toBe(item.id);
      listings.add(listing);
    }
  }
  for (const listing of listings as Set<Parameters<typeof listingEntries>[0]>) {
    const last = await readListingSequence(listing);
    const entries = await listingEntries(listing, 1, last);
    expect(entries).toHaveLength(last);
    const ours = entries.filter((e) => e.title.includes(`（${tag}）`));
    expect(new Set(ours.map((e) => e.itemId)).size).toBe(ours.length);
    expect(ours.map((e) => e.publishedOn)).toEqual(ours.map((e) => e.publishedOn).sort());
  }
  expect(listings.size).toBe(4);
}

describe('an import job that stops part-way', () => {
  it.each([
    ['after its slice was planned, before any item was written', { command: 'BatchWriteCommand', nth: 1 }],
    ['between the rows’ items, some written in batches and some not', { command: 'BatchWriteCommand', nth: 6 }],
    ['after the rows’ items, before their render tasks', { command: 'BatchWriteCommand', nth: 7 }],
    ['after its slice was committed, before its progress was saved', { command: 'UpdateCommand', nth: 1 }],
  ])(
    'is completed by the next turn when it stops %s: each row once, counters equal to a recount',
    async (_, stopAt) => {
      const tag = String(stopAt.nth) + stopAt.command.length;
      platform.pauseWorkers(true);
      try {
        const { batchId, jobId } = await approvedBatch(tag);
        await stoppedTurn(jobId, stopAt);
        expect(await nextTurn(jobId)).toBe('done');
        await publishedOnce(batchId, tag);
        platform.pauseWorkers(false);
        await siteSettled();
        await placedOnce(tag);
      } finally {
        platform.pauseWorkers(false);
      }
    },
  );
});
