/**
 * What a citizen's status query asks of the table (issue 46, item 3): the client's count beside the
 * failures and the application's partition (application, timeline and letters in one query), then
 * the agency's name and the calendar. Counted in this process, which runs the platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';
import { countTableUse, type TableUse, usedBy } from '../support/table-use.ts';
import { putAll } from '../support/table.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let use: TableUse;
beforeAll(async () => {
  platform = await startTestPlatform();
  use = countTableUse((await import('#lib/dynamo.ts')).db);
});
afterAll(() => platform?.stop());

describe("a citizen's status query", () => {
  it("reads the application's partition once, letters included, and writes only the client's count", async () => {
    const { body: made } = await submit(platform.url, personApplication());

    const { result, use: asked } = await usedBy(platform, use, () =>
      fetch(`${platform.url}/api/applications/${made.receiptNumber}`, { headers: { 'x-query-code': made.queryCode } }),
    );

    expect(result.status).toBe(200);
    expect((await result.json()).receiptNumber).toBe(made.receiptNumber);
    // The client's count, its failures, the partition; then the agency and the calendar.
    expect(asked.calls).toBe(5);
    expect(asked.trips).toBe(2);
    expect(asked.wcu).toBe(1);
  });

  it('still shows the letters of a case whose partition passes the 1 MB a query reads at once (letters sort last)', async () => {
    const { body: made } = await submit(platform.url, personApplication());
    const handler = await signIn(platform.url, 'lsh-handler');
    const received = await fetch(`${platform.url}/api/staff/applications/${made.receiptNumber}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handler}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, action: { type: 'confirmReceipt' } }),
    });
    expect(received.status).toBe(200);
    const before = await (
      await fetch(`${platform.url}/api/applications/${made.receiptNumber}`, {
        headers: { 'x-query-code': made.queryCode },
      })
    ).json();
    expect(before.letters.length).toBeGreaterThan(0);
    // 300 staff notes of 4 KB each (internal: not shown to the applicant): 1.2 MB before the letters.
    const keys = await import('#store/keys.ts');
    const { pk } = keys.application(made.receiptNumber);
    const text = '内部记录'.repeat(340);
    await putAll(
      Array.from({ length: 300 }, (_, i) => ({
        pk,
        sk: `EVENT#2026-01-01T00:00:${String(i).padStart(6, '0')}`,
        at: '2026-01-01T00:00:00.000Z',
        type: 'note',
        text,
        actor: 'lsh-handler',
        public: false,
      })),
    );
    const after = await (
      await fetch(`${platform.url}/api/applications/${made.receiptNumber}`, {
        headers: { 'x-query-code': made.queryCode },
      })
    ).json();
    expect(after.letters).toEqual(before.letters);
  });
});
