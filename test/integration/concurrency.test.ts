/**
 * Staff of one agency acting at once: steps on different applications share the agency's letter
 * sequences and report counters, approvals share its listing and 索引号 sequences. Each must apply
 * exactly once, none may answer 5xx, and the counters must still equal a recount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personApplication, submit } from '../support/applications.ts';
import { publicationContent, publisher } from '../support/publications.ts';
import { signIn, siteSettled, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const clients = 32;

async function act(token: string, number: string, version: number, action: Record<string, unknown>) {
  const response = await fetch(`${platform.url}/api/staff/applications/${number}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version, action }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

type Answer = { status: number; body: Record<string, any> };
/** The 503s the platform answers at capacity, each with Retry-After: run out of time (it may have applied), or writes contending past their retries (it did not). */
const retryable = (r: Answer) => r.status === 503 && ['timed-out', 'busy'].includes(r.body.code);

/**
 * On a loaded machine a step can outlast its function's time or contend past its retries: it answers
 * 503 (never another 5xx), and the person does what the message says: waits, looks, and sends the step
 * again only if it did not apply, until each is answered. Whichever way, each step applies once.
 */
async function settle(
  results: Answer[],
  look: (i: number) => Promise<Answer | undefined>,
  again: (i: number) => Promise<Answer>,
) {
  expect(results.filter((r) => r.status >= 500 && !retryable(r))).toEqual([]);
  for (let round = 0; round < 5 && results.some(retryable); round++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const [i, r] of results.entries()) if (retryable(r)) results[i] = (await look(i)) ?? (await again(i));
    expect(results.filter((r) => r.status >= 500 && !retryable(r))).toEqual([]);
  }
}

describe('concurrent staff steps in one agency', () => {
  it(`applies ${clients} concurrent steps on different applications once each, without a 5xx`, async () => {
    const numbers: string[] = [];
    for (let i = 0; i < clients; i++)
      numbers.push((await submit(platform.url, personApplication())).body.receiptNumber);
    const handler = await signIn(platform.url, 'lsh-handler');

    // Every receipt issues a 接收回执 from the same letter sequence and adds to the same counters.
    const receive = (n: string) => act(handler, n, 1, { type: 'confirmReceipt' });
    const results = await Promise.all(numbers.map(receive));

    await settle(
      results,
      async (i) => {
        const seen = await fetch(`${platform.url}/api/staff/applications/${numbers[i]}`, {
          headers: { authorization: `Bearer ${handler}` },
        }).then((response) => response.json() as Promise<Record<string, any>>);
        const letter = seen.letters?.find((l: Record<string, any>) => l.kind === 'receipt');
        return seen.application.version === 1
          ? undefined
          : { status: 200, body: { version: seen.application.version, letter } };
      },
      (i) => receive(numbers[i]!),
    );
    expect(results.map((r) => r.status)).toEqual(numbers.map(() => 200));
    const letters = results.map((r) => r.body.letter?.number as string);
    expect(new Set(letters).size).toBe(clients);
    const sequence = letters.map((l) => Number(/〕(\d+)号/.exec(l)![1])).sort((a, b) => a - b);
    expect(sequence).toEqual(sequence.map((_, i) => sequence[0]! + i)); // gapless
    // A second round on the same applications: one step each, versions moved once.
    const again = await Promise.all(numbers.map((n) => act(handler, n, 2, { type: 'note', text: '已登记' })));
    expect(again.map((r) => r.status)).toEqual(numbers.map(() => 200));
    expect(again.map((r) => r.body.version)).toEqual(numbers.map(() => 3));
    const recount = await (
      await fetch(`${platform.url}/api/dev/recount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json();
    expect(recount.differences).toBe(0);
  });

  it(`publishes ${clients} items approved at once, each once, with distinct 索引号 and positions`, async () => {
    const staff = publisher(platform.url);
    const drafts: { id: string; version: number }[] = [];
    for (let i = 0; i < clients; i++) {
      const created = await staff.call('handler', 'POST', '/api/staff/publications', publicationContent());
      drafts.push({
        id: created.body.id,
        version: (await staff.step(created.body.id, created.body.version, { type: 'submit' })).version,
      });
    }

    const approve = (d: { id: string; version: number }) =>
      staff.call('reviewer', 'POST', `/api/staff/publications/${d.id}/actions`, {
        version: d.version,
        action: { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密和个人隐私，同意公开。' },
      });
    const results = await Promise.all(drafts.map(approve));

    // Each item approved once whatever the machine's load (its version moves by one).
    await settle(
      results,
      async (i) => {
        const seen = (await staff.call('reviewer', 'GET', `/api/staff/publications/${drafts[i]!.id}`)).body;
        // The detail carries the item's version and 索引号 as the approval's answer does.
        return seen.version === drafts[i]!.version ? undefined : { status: 200, body: seen };
      },
      (i) => approve(drafts[i]!),
    );
    expect(results.map((r) => r.status)).toEqual(drafts.map(() => 200));
    expect(new Set(results.map((r) => r.body.indexNumber)).size).toBe(clients);
    await siteSettled();
    const pages = await Promise.all(
      drafts.map(async (d) => (await fetch(`${platform.url}/lushuihe/items/${d.id}.html`)).status),
    );
    expect(pages).toEqual(drafts.map(() => 200));
    const positions = await Promise.all(
      drafts.map(async (d) => (await staff.call('reviewer', 'GET', `/api/staff/publications/${d.id}`)).body),
    );
    expect(positions.map((p) => p.item?.version ?? p.version)).toEqual(drafts.map((d) => d.version + 1));
    // The renderer placed each once in the county listing, at consecutive positions.
    const { listingEntries, readListingSequence } = await import('#store/listings.ts');
    const county = await listingEntries('county', 1, await readListingSequence('county'));
    const placed = county.filter((e) => drafts.some((d) => d.id === e.itemId));
    expect(placed.map((e) => e.itemId).sort()).toEqual(drafts.map((d) => d.id).sort());
    expect(county.map((e) => e.seq)).toEqual(county.map((_, i) => i + 1));
    // And once in the agency's listing, which the renderer places too: no approval took a number there.
    const own = await listingEntries('agency:lushuihe', 1, await readListingSequence('agency:lushuihe'));
    expect(
      own
        .filter((e) => drafts.some((d) => d.id === e.itemId))
        .map((e) => e.itemId)
        .sort(),
    ).toEqual(drafts.map((d) => d.id).sort());
    expect(own.map((e) => e.seq)).toEqual(own.map((_, i) => i + 1));
    const recount = await (
      await fetch(`${platform.url}/api/dev/recount`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json();
    expect(recount.differences).toBe(0);
  });
});
