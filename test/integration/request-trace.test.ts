/**
 * One request followed across the stream: the id the gateway gives an approval rides on the render
 * task it writes, and the renderer's line for that task carries it, over the local gateway and the
 * platform's stream stand-ins (the same code the deployed workers run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication } from '../support/applications.ts';
import { jobOutcome } from '../support/jobs.ts';
import { captureLogs } from '../support/logs.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';
import { publicationContent, publisher } from '../support/publications.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let staff: ReturnType<typeof publisher>;
let logs: ReturnType<typeof captureLogs>;
beforeAll(async () => {
  platform = await startTestPlatform();
  staff = publisher(platform.url);
  logs = captureLogs();
});
afterAll(async () => {
  logs?.restore();
  await platform?.stop();
});

type Line = {
  message?: string;
  fn?: string;
  coldStart?: boolean;
  requestId?: string;
  task?: string;
  route?: string;
  job?: string;
};
const logLines = (): Line[] =>
  logs.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Line];
    } catch {
      return [];
    }
  });

/** A publication submitted and through its 个人信息检查: its id and the version the reviewer approves. */
async function submitted() {
  const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
  await staff.step(created.body.id, created.body.version, { type: 'submit' });
  const checked = await staff.privacyChecked(created.body.id);
  return { id: created.body.id as string, version: checked.version as number };
}

/** The reviewer's approval, as the console sends it: the id the gateway gave the request. */
async function approve(item: { id: string; version: number }): Promise<string> {
  const approval = await staff.call('reviewer', 'POST', `/api/staff/publications/${item.id}/actions`, {
    version: item.version,
    action: { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密和个人隐私，同意公开。' },
  });
  expect(approval.status, JSON.stringify(approval.body)).toBe(200);
  return approval.requestId!;
}

/** The first line `found` picks, once a worker has written it. */
async function lineOf(found: (line: Line) => boolean, limitMs = 30_000): Promise<Line> {
  for (const until = Date.now() + limitMs; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const line = logLines().find(found);
    if (line) return line;
    if (Date.now() > until) throw new Error(`no such log line after ${limitMs} ms`);
  }
}

/** The renderer's line saying the task of this version of the item was rendered. */
const renderedLine = (item: { id: string }) =>
  logLines().find(
    (line) => line.fn === 'renderer' && line.message === 'render task done' && line.task?.includes(`#${item.id}#`),
  );

describe('one request followed across the stream', () => {
  it("finds an approval's render task in the renderer's log by the approval's request id", async () => {
    const item = await submitted();

    const requestId = await approve(item);
    await siteSettled();

    expect(requestId).toMatch(/\S/);
    // The approval's own access line, and the renderer's line for the pages it queued, under one id.
    expect(logLines()).toContainEqual(
      expect.objectContaining({ message: 'request', fn: 'publications', requestId, coldStart: expect.any(Boolean) }),
    );
    expect(renderedLine(item)).toMatchObject({ requestId, coldStart: expect.any(Boolean) });
  });

  it('keeps two approvals made at once apart: each render task carries its own request id', async () => {
    const items = [await submitted(), await submitted()];

    const ids = await Promise.all(items.map(approve));
    await siteSettled();

    expect(ids[0]).not.toBe(ids[1]);
    expect(items.map((item) => renderedLine(item)?.requestId)).toEqual(ids);
  });

  it("finds the receipt e-mail's delivery by the id of the submission that wrote it, with nothing about the applicant", async () => {
    const application = personApplication();
    const response = await fetch(`${platform.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(application),
    });
    expect(response.status).toBe(201);
    const requestId = response.headers.get('apigw-requestid')!;

    const delivery = await lineOf((line) => line.fn === 'mailer' && line.requestId === requestId);

    expect(delivery).toMatchObject({ message: 'mail delivery recorded', coldStart: expect.any(Boolean) });
    const traced = JSON.stringify(logLines().filter((line) => line.requestId === requestId));
    for (const personal of ['李明', '11010519491231002X', '13800000000', 'liming@example.com'])
      expect(traced).not.toContain(personal);
  });

  it("finds a site rebuild's turns by the id of the request that started it", async () => {
    const admin = await signIn(platform.url, 'fs-admin');
    const response = await fetch(`${platform.url}/api/staff/site/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string };

    expect(await jobOutcome(platform.url, admin, job.id)).toMatchObject({ state: 'done' });

    expect(await lineOf((line) => line.message === 'job finished' && line.job === job.id)).toMatchObject({
      fn: 'renderer',
      requestId: response.headers.get('apigw-requestid'),
    });
  });
});
