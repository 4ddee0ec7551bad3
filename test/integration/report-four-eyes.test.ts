/**
 * Four eyes on the annual report (issue: security, finding 2): whoever submitted a report cannot
 * approve it, even holding the reviewer's role; another reviewer of the same office can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

async function call(user: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await signIn(platform.url, user)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("the county's own report", () => {
  it('is refused approval by the reviewer who submitted it, and approved by another reviewer', async () => {
    const created = await call('fs-admin', 'POST', '/api/staff/users', {
      username: 'fs-reviewer2',
      name: '韩雪',
      email: 'hanxue@fusong.example.gov.cn',
      agencyId: 'fusong',
      roles: ['reviewer'],
    });
    expect(created.status).toBe(201);

    const year = new Date().getFullYear() - 1;
    const path = `/api/reports/fusong/${year}`;
    let report = (await call('fs-reviewer', 'GET', path)).body;
    const saved = await call('fs-reviewer', 'PUT', path, {
      sections: {
        一: `${year}年，抚松县人民政府认真贯彻落实《条例》。`,
        五: '一是信息更新不够及时；二是将加强业务培训。',
        六: '无其他需要报告的事项。',
      },
      figures: {
        '行政许可:本年处理决定数量': { value: 40, source: '县政务服务中心台账' },
        '行政处罚:本年处理决定数量': { value: 3, source: '县综合行政执法局' },
        '行政强制:本年处理决定数量': { value: 0, source: '县综合行政执法局' },
        '行政事业性收费:本年收费金额（单位：万元）': { value: 0, source: '县财政局' },
      },
      notApplicable: [],
      version: report.version,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const submitted = await call('fs-reviewer', 'POST', `${path}/actions`, {
      version: saved.body.version,
      action: { type: 'submit' },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.can.review).toBe(false); // the console offers no approval to the submitter

    const own = await call('fs-reviewer', 'POST', `${path}/actions`, {
      version: submitted.body.version,
      action: { type: 'approve' },
    });
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('报送人以外的另一名工作人员审核');
    report = (await call('fs-reviewer2', 'GET', path)).body;
    expect(report).toMatchObject({ status: 'submitted', can: { review: true } });

    const approved = await call('fs-reviewer2', 'POST', `${path}/actions`, {
      version: report.version,
      action: { type: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('published');
  });
});
