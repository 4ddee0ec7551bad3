/**
 * The local gateway never drops a kept-alive connection its client may still use, however late a
 * busy process runs its timers. On a loaded machine (issue item 13) the hostile-input corpus met an
 * ECONNRESET. The cause was this race. A client reuses an idle connection for the time the server
 * advertises (`Keep-Alive: timeout=5`) less a margin, and the server closed it a second after that
 * time. When the process had no turn for its timers across that gap, the client sent its request on
 * a connection the server's overdue timer was about to destroy, with the request unread: a reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

/** The process gets no turn (as on a starved CPU, or behind a long synchronous task): no timer runs. */
const starve = (ms: number) => {
  for (const until = Date.now() + ms; Date.now() < until; );
};

describe('a kept-alive connection to the gateway', () => {
  it('still takes a request after the process has had no turn past the advertised keep-alive time', {
    timeout: 30_000,
  }, async () => {
    const first = await fetch(`${platform.url}/api/agencies`);
    await first.text();
    const advertised = Number(/timeout=(\d+)/.exec(first.headers.get('keep-alive') ?? '')?.[1]) * 1000;
    expect(advertised).toBeGreaterThan(0);

    // Idle briefly (the client keeps the connection), then no turn until well past the advertised time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    starve(advertised + 1500);
    const second = await fetch(`${platform.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });

    expect(second.status).toBe(400);
    expect((await second.json()).message).toMatch(/[\u4e00-\u9fff]/);
  });
});
