/**
 * What a citizen's status query asks of the table (issue 46, item 3): the client's count beside the
 * failures and the application's partition (application, timeline and letters in one query), then
 * the agency's name and the calendar. Counted in this process, which runs the platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { startTestPlatform } from '../support/platform.ts';
import { countTableUse, type TableUse, usedBy } from '../support/table-use.ts';

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
});
