/**
 * The daily sweep and the report counters, against DynamoDB Local through the local gateway: the
 * sweep reminds, marks overdue and expires exactly once however often it runs; the counters kept in
 * each step's transaction equal a recount from the records after a randomised run of 200
 * applications across a year end, carry-over included.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { carriedOver, countRecords } from '#core/report-counts.ts';
import { feeReason, organisationApplicant, personApplication, submit, wholeQueue } from '../support/applications.ts';
import { signIn, startTestPlatform } from '../support/platform.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());
afterEach(() => void vi.useRealTimers());

const at = (iso: string) => vi.setSystemTime(new Date(iso));

async function act(number: string, version: number, action: Record<string, unknown>, user = 'lsh-handler') {
  const token = await signIn(platform.url, user);
  const response = await fetch(`${platform.url}/api/staff/applications/${number}/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version, action }),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`${action.type}: ${response.status} ${JSON.stringify(body)}`);
  return body.version as number;
}

const sweep = async () => (await fetch(`${platform.url}/api/dev/sweep`, { method: 'POST' })).json();
const recount = async (repair = false) =>
  (
    await fetch(`${platform.url}/api/dev/recount`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repair }),
    })
  ).json();

async function detail(number: string) {
  const token = await signIn(platform.url, 'lsh-handler');
  return (
    await fetch(`${platform.url}/api/staff/applications/${number}`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
}

describe('the daily sweep', () => {
  it('reminds, marks overdue and expires once, however often it runs', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-21T01:00:00Z') });
    const [due, late, uncorrected, unpaid] = await Promise.all(
      [1, 2, 3, 4].map(() => submit(platform.url, personApplication()).then((r) => r.body.receiptNumber as string)),
    );
    await act(due!, 1, { type: 'confirmReceipt' });
    await act(late!, 1, { type: 'confirmReceipt' });
    await act(uncorrected!, 1, { type: 'requestCorrection', items: ['请明确所需信息'], periodDays: 10 }); // due by 10-13
    const v = await act(unpaid!, 1, { type: 'confirmReceipt' });
    await act(unpaid!, v, { type: 'sendFeeNotice', scheme: 'perPage', quantity: 120, reason: feeReason }); // pay by 10-27

    at('2026-10-22T18:00:00Z'); // 10-23 Beijing: the reply of 09-21 is due 10-26, within 3 working days
    const first = await sweep();
    expect(first.done).toMatchObject({ remind: 2, expireCorrection: 1 });
    expect((await sweep()).done).toEqual({});
    expect((await detail(due!)).events.at(-1)).toMatchObject({ type: 'remind', actor: '系统', public: false });
    expect((await detail(uncorrected!)).application).toMatchObject({
      status: 'abandoned',
      handling: { reportRow: 'other.noCorrection' },
    });

    at('2026-10-28T01:00:00Z');
    const second = await sweep();
    expect(second.done).toMatchObject({ markOverdue: 2, expireFee: 1 });
    expect((await sweep()).done).toEqual({});
    const overdue = await detail(late!);
    expect(overdue.deadline).toMatchObject({ due: '2026-10-26', overdue: true });
    expect((await detail(unpaid!)).application.status).toBe('abandoned');
  });
});

/** A small seeded generator, so a failing run can be repeated. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const outcomes = [
  'withheld.process',
  'unable.notHeld',
  'notProcessed.repeat',
  'unable.needsCreation',
  'withheld.thirdParty',
];

describe('the report counters', () => {
  it('equal a recount after a randomised run of 200 applications across a year end', { timeout: 240_000 }, async () => {
    const seed = Number(process.env.COUNTER_SEED ?? 20261125);
    const next = random(seed);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
    const open: { n: string; v: number; status: string }[] = [];
    class Refused extends Error {}
    const actAs = (n: string, v: number, action: Record<string, unknown>) => act(n, v, action);

    /**
     * One random step on an open application (or none): what a handler might do next. A step the
     * state machine refuses (say, a correction notice after the 7th working day) changes nothing.
     */
    async function step(app: (typeof open)[number]) {
      const choice = next();
      const act = async (n: string, v: number, action: Record<string, unknown>) => {
        try {
          return await actAs(n, v, action);
        } catch (error) {
          if (!String(error).includes(': 409 ') || String(error).includes('已被他人更新')) throw error;
          throw new Refused();
        }
      };
      try {
        await take(app, choice, act);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
      }
    }

    async function take(app: (typeof open)[number], choice: number, act: typeof actAs) {
      if (app.status === 'registered') {
        if (choice < 0.15) return;
        if (choice < 0.3) {
          app.v = await act(app.n, app.v, { type: 'requestCorrection', items: ['请明确'], periodDays: 5 });
          app.status = 'correctionRequested';
          return;
        }
        if (choice < 0.35) {
          app.v = await act(app.n, app.v, { type: 'withdraw', reason: '申请人撤回' });
          app.status = 'ended';
          return;
        }
        app.v = await act(app.n, app.v, { type: 'confirmReceipt' });
        app.status = 'inProgress';
        return;
      }
      if (app.status === 'inProgress') {
        if (choice < 0.2) return;
        if (choice < 0.3) {
          app.v = await act(app.n, app.v, {
            type: 'sendFeeNotice',
            scheme: 'perPage',
            quantity: 60,
            reason: feeReason,
          });
          app.status = 'feeNotice';
          return;
        }
        if (choice < 0.9) {
          app.v = await act(app.n, app.v, { type: 'answer', outcome: pick(outcomes), basis: '条例' });
          app.status = 'ended';
          return;
        }
        app.v = await act(app.n, app.v, {
          type: 'answer',
          outcome: 'disclosed',
          basis: '条例第三十六条',
          location: '镇政府网站',
        });
        app.status = 'ended';
        return;
      }
      if (app.status === 'correctionRequested' && choice < 0.5) {
        app.v = await act(app.n, app.v, { type: 'receiveCorrection' });
        app.status = 'inProgress';
        return;
      }
      if (app.status === 'feeNotice' && choice < 0.5) {
        app.v = await act(app.n, app.v, { type: 'recordPayment' });
        app.status = 'inProgress';
      }
    }

    async function receive(count: number) {
      for (let i = 0; i < count; i++) {
        const body =
          next() < 0.7
            ? personApplication()
            : personApplication({
                applicant: {
                  ...organisationApplicant,
                  orgType: pick(['business', 'research', 'publicWelfare', 'legalService', 'otherOrg']),
                },
              });
        const { status, body: receipt } = await submit(platform.url, body);
        expect(status).toBe(201);
        open.push({ n: receipt.receiptNumber, v: 1, status: 'registered' });
      }
    }

    /** After a sweep: versions and statuses as the queue now shows them. */
    async function refresh() {
      const token = await signIn(platform.url, 'lsh-handler');
      const applications = await wholeQueue(platform.url, token);
      for (const app of open) {
        const row = applications.find((a: { receiptNumber: string }) => a.receiptNumber === app.n);
        app.v = row.version;
        if (!['registered', 'inProgress', 'correctionRequested', 'feeNotice'].includes(row.status))
          app.status = 'ended';
      }
    }

    async function work(rounds: number) {
      for (let r = 0; r < rounds; r++) {
        for (const app of open.filter((a) => a.status !== 'ended')) await step(app);
      }
    }

    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-01T01:00:00Z') });
    await receive(120);
    at('2025-12-10T01:00:00Z');
    await work(2);
    at('2026-01-12T01:00:00Z'); // past the year end: the 2025 applications still open are carried over
    await sweep();
    await refresh();
    await receive(80);
    await work(2);
    at('2026-03-02T01:00:00Z');
    await sweep();

    const result = await recount();
    expect(result.differences, `seed ${seed}: ${JSON.stringify(result.agencies)}`).toBe(0);
    expect(result.agencies.find((a: { id: string }) => a.id === 'lushuihe').applications).toBeGreaterThanOrEqual(200);

    // 结转下年度 of 2025 from the stored counters equals the applications the records show open on 31 December.
    const { listAgencyApplications } = await import('#store/applications.ts');
    const { listStats } = await import('#store/stats.ts');
    const records = await listAgencyApplications('lushuihe');
    const stored = await listStats('lushuihe');
    const openAtYearEnd = records.filter(
      (r) => r.receiptDate <= '2025-12-31' && !(r.handling?.endedOn && r.handling.endedOn <= '2025-12-31'),
    );
    expect(Object.values(carriedOver(stored, 2025)).reduce((a, b) => a + b, 0)).toBe(openAtYearEnd.length);
    expect(carriedOver(stored, 2026)).toEqual(carriedOver(countRecords(records), 2026));
    expect(openAtYearEnd.length).toBeGreaterThan(0);
  });

  it('finds a counter that no longer matches the records, and repairs it', async () => {
    const { getStats, setStats } = await import('#store/stats.ts');
    const stats = await getStats('lushuihe', 2026);
    await setStats('lushuihe', 2026, { received_natural: (stats.received_natural ?? 0) + 3 });

    const found = await recount();
    expect(found.differences).toBe(1);
    expect(found.agencies.find((a: { id: string }) => a.id === 'lushuihe').differences[0]).toMatchObject({
      year: 2026,
      counter: 'received_natural',
    });

    await recount(true);
    expect((await recount()).differences).toBe(0);
  });
});
