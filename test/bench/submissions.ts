/**
 * `npm run bench` (second part): application submissions through the local gateway — 1,000
 * sequential, then 1,000 from 8 concurrent clients — next to the same DynamoDB operations issued
 * directly with the SDK in the same run, interleaved with them (claim the key, read the agency and calendar beside the day's
 * quota, take a sequence number, the one transaction with the receipt's e-mail in the outbox). Target: p50 ratio ≤ 1.3.
 * First, what one submission asks of the table, counted in the platform's process: calls, round trips
 * (calls begun while none was under way) and write capacity, beside the floor of two round trips (the
 * key's claim, and the transaction that writes the application); then the same for a status query.
 */
import { personApplication } from '../support/applications.ts';
import { startBenchPlatform } from './bench-platform.ts';

const count = Number(process.env.BENCH_SUBMISSIONS ?? 1000);
const clients = 8;
const rounds_ = Number(process.env.BENCH_ROUNDS ?? 3);

// The mailer is a function of its own in AWS: its stand-in is held still, not sharing the gateway's process.
process.env.BENCH_OWN_WORKERS = '1';
const bench = await startBenchPlatform();
const platform = { url: bench.url };
const { getAgency } = await import('#store/agencies.ts');
const { listSchedules } = await import('#store/calendar.ts');
const { recordSubmission } = await import('#store/applications.ts');
const { claimSubmission, nextReceiptSequence } = await import('#store/submission-claims.ts');
const { allowAttempt } = await import('#store/rate-limit.ts');

let serial = 0;
async function viaGateway() {
  const response = await fetch(`${platform.url}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-gateway-${++serial}` },
    body: JSON.stringify(personApplication()),
  });
  if (response.status !== 201) throw new Error(`submission failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { receiptNumber: string; queryCode: string };
}

/** The citizen's status query (receipt number and query code), as the status page makes it. */
async function statusQuery(made: { receiptNumber: string; queryCode: string }) {
  const response = await fetch(`${platform.url}/api/applications/${made.receiptNumber}`, {
    headers: { 'x-query-code': made.queryCode },
  });
  if (response.status !== 200) throw new Error(`status query failed: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** The submission's DynamoDB operations, issued directly: the floor the gateway path is held to. */
async function directWrites() {
  const n = ++serial;
  const body = personApplication();
  const claim = await claimSubmission(`bench-direct-${n}`, 'fingerprint');
  if (!claim.claimed) throw new Error('claim failed');
  // The reads and the day's quota (per address, per identity number), side by side as the gateway path does them.
  await Promise.all([
    getAgency('lushuihe'),
    listSchedules(),
    allowAttempt('apply-client', 'bench-direct', 1_000_000, 86_400),
    allowAttempt('apply-identity', `bench-direct-${n}`, 1_000_000, 86_400),
  ]);
  const sequence = await nextReceiptSequence('bench-direct', 2026);
  const receiptNumber = `BD-2026-${String(sequence).padStart(5, '0')}`;
  const at = new Date().toISOString();
  await recordSubmission({
    application: {
      receiptNumber,
      agencyId: 'bench-direct',
      submittedAt: at,
      receiptDate: '2026-11-25',
      receiptNote: '',
      status: 'registered',
      applicant: body.applicant as never,
      request: body.request,
      delivery: body.delivery as never,
      uploads: [],
      version: 1,
      queryCodeHash: 'x',
      queryCodeHashSalt: 'y',
    },
    event: { at, type: 'submitted', text: '' },
    keyHash: `bench-direct-${n}`,
    claimedAt: claim.claimedAt,
    codeSalt: 's',
    replyDue: '2026-12-23',
    place: { queueDue: '2026-12-23', sweepOn: '2026-12-18' },
    // The 受理回执 e-mail joins the transaction as on the gateway path (the applicant gives an address).
    mail: {
      agencyId: 'bench-direct',
      receiptNumber,
      letterNumber: '受理回执',
      version: 0,
      to: body.applicant.email as string,
      subject: '政府信息公开申请受理回执',
      text: '您的申请已收到。',
      at,
      delivery: 'pending',
    },
  });
}

interface Stats {
  p50: number;
  p99: number;
  throughput: number;
}

/**
 * Runs `count` of each path with `concurrency` clients, alternating the two paths within every
 * client, so both meet the same emulator state (DynamoDB Local's JIT and table size change as a run
 * goes on). Throughput is each path's requests over the time its own requests were in flight.
 */
async function measure(concurrency: number): Promise<{ gateway: Stats; direct: Stats }> {
  const samples = { gateway: [] as number[], direct: [] as number[] };
  const busy = { gateway: 0, direct: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < 2 * count) {
        const path = next++ % 2 === 0 ? 'gateway' : 'direct';
        const t = performance.now();
        await (path === 'gateway' ? viaGateway() : directWrites());
        const elapsed = performance.now() - t;
        samples[path].push(elapsed);
        busy[path] += elapsed;
      }
    }),
  );
  const stats = (path: 'gateway' | 'direct'): Stats => {
    const sorted = samples[path].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { p50: at(0.5), p99: at(0.99), throughput: (sorted.length * concurrency) / (busy[path] / 1000) };
  };
  return { gateway: stats('gateway'), direct: stats('direct') };
}

type Use = { calls: number; trips: number; wcu: number };

/** What one request through the gateway asks of the table (median of `samples`, each alone). */
async function perRequest(samples: number, request: () => Promise<unknown>): Promise<Use> {
  const uses: Use[] = [];
  for (let i = 0; i < samples; i++) {
    const before = await bench.tableUse();
    await request();
    const after = await bench.tableUse();
    uses.push({ calls: after.calls - before.calls, trips: after.trips - before.trips, wcu: after.wcu - before.wcu });
  }
  const mid = (f: (u: Use) => number) => uses.map(f).sort((a, b) => a - b)[uses.length >> 1]!;
  return { calls: mid((u) => u.calls), trips: mid((u) => u.trips), wcu: mid((u) => u.wcu) };
}

try {
  const use = await perRequest(20, viaGateway);
  console.log(
    `\nA submission (with an e-mail address, no uploads), counted in the platform's process: ${use.calls} DynamoDB calls in ${use.trips} round trips, ${use.wcu.toFixed(0)} WCU (floor: 2 round trips, the key's claim and the transaction)`,
  );
  const made = await viaGateway();
  const status = await perRequest(20, () => statusQuery(made));
  console.log(
    `A status query (receipt number and query code): ${status.calls} DynamoDB calls in ${status.trips} round trip${status.trips === 1 ? '' : 's'}, ${status.wcu.toFixed(0)} WCU (the client's count of queries, the one atomic gate on parallel guesses: README, 办理进度)`,
  );
  // DynamoDB Local (Java) takes a thousand or more calls to reach steady speed; warm both paths past it.
  for (let i = 0; i < 1000; i++) await (i % 2 ? viaGateway() : directWrites());
  // Three rounds per setting, reported with their median: this 2-core machine also runs the emulator.
  const rows = [];
  for (const concurrency of [1, clients]) {
    const rounds = [];
    for (let round = 0; round < rounds_; round++) rounds.push(await measure(concurrency));
    rounds.sort((a, b) => a.gateway.p50 / a.direct.p50 - b.gateway.p50 / b.direct.p50);
    rows.push({
      concurrency,
      ...rounds[Math.floor(rounds.length / 2)]!,
      ratios: rounds.map((r) => r.gateway.p50 / r.direct.p50),
    });
  }
  console.log(
    `\nSubmissions (${count} each; local gateway over HTTP, in its own process, vs the same DynamoDB operations via the SDK; DynamoDB Local in memory)\n`,
  );
  console.log(
    '| clients | gateway p50 | gateway p99 | gateway req/s | direct p50 | direct p99 | direct ops/s | p50 ratio (median) | rounds |',
  );
  console.log(
    '| ------- | ----------- | ----------- | ------------- | ---------- | ---------- | ------------ | ------------------ | ------ |',
  );
  let worst = 0;
  for (const { concurrency, gateway, direct, ratios } of rows) {
    const ratio = gateway.p50 / direct.p50;
    worst = Math.max(worst, ratio);
    console.log(
      `| ${String(concurrency).padEnd(7)} | ${gateway.p50.toFixed(1).padStart(8)} ms | ${gateway.p99.toFixed(1).padStart(8)} ms | ${gateway.throughput.toFixed(0).padStart(13)} | ${direct.p50.toFixed(1).padStart(7)} ms | ${direct.p99.toFixed(1).padStart(7)} ms | ${direct.throughput.toFixed(0).padStart(12)} | ${ratio.toFixed(2).padStart(17)}x | ${ratios.map((r) => r.toFixed(2)).join(' ')} |`,
    );
  }
  console.log(
    worst <= 1.3 ? '✓ median p50 ratio within 1.3x.' : `✗ median p50 ratio ${worst.toFixed(2)}x exceeds 1.3x.`,
  );
  if (worst > 1.3) process.exitCode = 1;
} finally {
  await bench.stop();
}
