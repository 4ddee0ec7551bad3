/**
 * The query code is hard to lose for good (issue 23, item 3): the 受理回执 e-mailed at submission
 * (kept in the local outbox: SES is the one part that cannot run here), the receipt's time, address
 * and print button, and 找回查询码 through a one-time link to the address on file.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/** The applicant's mailbox: what the outbox holds for the address (the mail service is not run here). */
async function mailbox(receiptNumber: string) {
  const { db } = await import('#lib/dynamo.ts');
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: platform.names.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
      ExpressionAttributeValues: { ':pk': 'AGENCY#lushuihe', ':outbox': 'OUTBOX#' },
    }),
  );
  return Items.filter((m) => m.receiptNumber === receiptNumber) as { subject: string; text: string; to: string }[];
}

const status = (n: string, code: string) =>
  fetch(`${platform.url}/api/applications/${n}`, { headers: { 'x-query-code': code } });

describe('the query code', () => {
  it('is e-mailed nowhere, but the 受理回执 is, with the status address and how to recover the code', async () => {
    const { body } = await submit(platform.url, personApplication());
    const [mail] = await mailbox(body.receiptNumber);

    expect(mail).toMatchObject({
      to: 'liming@example.com',
      subject: `政府信息公开申请受理回执（${body.receiptNumber}）`,
    });
    expect(mail!.text).toContain(`受理编号：${body.receiptNumber}`);
    expect(mail!.text).toContain(`${platform.url}/apply/status`);
    expect(mail!.text).toContain(`${platform.url}/apply/recover`);
    expect(mail!.text).toMatch(/收到您通过网络提交的政府信息公开申请。/);
    expect(mail!.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（星期.） \d{2}:\d{2}/);
    expect(mail!.text).not.toContain(body.queryCode);
    expect(mail!.text).not.toContain(body.queryCode.replace('-', ''));
  });

  it('has a receipt page with the time, the status address and a print button', async () => {
    const { body } = await submit(platform.url, personApplication());
    const cookie = `gk_receipt=${body.receiptNumber}.${body.queryCode.replace('-', '')}`;
    const page = await (
      await fetch(`${platform.url}/apply/receipt/${body.receiptNumber}`, { headers: { cookie } })
    ).text();

    expect(page).toMatch(/提交时间<\/dt><dd>\d{4}年\d{1,2}月\d{1,2}日（星期.） \d{2}:\d{2}/);
    expect(page).toContain(`${platform.url}/apply/status`);
    expect(page).toContain('data-print');
    expect(page).toContain('受理回执已发送至 l***@example.com');
  });

  it('is recovered through a one-time link to the address on file, the old code ceasing to work', async () => {
    const { body } = await submit(platform.url, personApplication());
    const n = body.receiptNumber;
    const ask = (email: string, client: string) =>
      fetch(
        `${platform.url}/apply/recover`,
        form({ receiptNumber: n.toLowerCase(), email }, { 'cloudfront-viewer-address': `${client}:443` }),
      );

    // Another address answers exactly as the right one does, and sends nothing.
    const wrong = await ask('someone@example.com', '203.0.113.50');
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe('/apply/recover?sent=1');
    expect((await mailbox(n)).some((m) => m.subject.startsWith('重新获取查询码'))).toBe(false);

    const right = await ask('LiMing@Example.com ', '203.0.113.51');
    expect(right.headers.get('location')).toBe('/apply/recover?sent=1');
    expect(await (await fetch(`${platform.url}/apply/recover?sent=1`)).text()).toContain('我们已向该邮箱发送一封邮件');
    const recovery = (await mailbox(n)).find((m) => m.subject === `重新获取查询码（${n}）`)!;
    const link = /http:\/\/\S+\/apply\/recover\/\S+/.exec(recovery.text)![0];
    expect(link).toContain(`/apply/recover/${n}/`);

    // Staff see the mail in the outbox without the link.
    const handler = await signIn(platform.url, 'lsh-handler');
    const outbox = await (
      await fetch(`${platform.url}/api/staff/outbox`, { headers: { authorization: `Bearer ${handler}` } })
    ).json();
    const seen = outbox.mail.find((m: { subject: string }) => m.subject === recovery.subject);
    expect(seen.text).toContain('（链接已隐去）');
    expect(seen.text).not.toContain('/apply/recover/');

    // Opening the link spends nothing (a mail scanner may open it); its button does.
    const confirm = await fetch(link);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('取得新的查询码');
    expect((await status(n, body.queryCode)).status).toBe(200);
    const used = await fetch(link, form({}));
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe(`/apply/status/${n}?notice=recovered`);
    const cookie = used.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (
      await fetch(`${platform.url}/apply/status/${n}?notice=recovered`, { headers: { cookie } })
    ).text();
    const code = /您的新查询码为 ([A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5})/.exec(page)![1]!;

    expect((await status(n, body.queryCode)).status).toBe(404);
    const view = await status(n, code);
    expect(view.status).toBe(200);
    expect((await view.json()).timeline.at(-1).text).toBe(
      '申请人通过申请时填写的电子邮箱重新获取查询码，原查询码失效。',
    );
    // Once only.
    const again = await fetch(link, form({}));
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('该链接无效、已使用或已超过 30 分钟');
  });

  it('limits requests for one number, whoever sends them', async () => {
    const { body } = await submit(platform.url, personApplication());
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(
        (
          await fetch(
            `${platform.url}/apply/recover`,
            form(
              { receiptNumber: body.receiptNumber, email: 'liming@example.com' },
              { 'cloudfront-viewer-address': `198.51.100.${i}:443` },
            ),
          )
        ).status,
      );
    expect(answers).toEqual([303, 303, 303, 429]);
    expect((await mailbox(body.receiptNumber)).filter((m) => m.subject.startsWith('重新获取查询码'))).toHaveLength(3);
  });
});
