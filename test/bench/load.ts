/**
 * `npm run bench` (sixth part): mixed citizen and staff traffic through the local gateway (platform
 * in its own process, loopback only) from 32 concurrent clients, bounded by a request count and a
 * time limit; the baseline is the same mix from one client, in the same run. Each client has a
 * viewer address of its own, as CloudFront passes it, so the per-client limits see 32 people.
 * Reports p50/p99 and throughput per kind of request; fails on any 5xx.
 *
 * Then bursts of submissions: `BENCH_LOAD_BURST` citizens (default 64), each from an address of its
 * own, send an application at the same moment, `BENCH_LOAD_BURST_ROUNDS` times (default 3). Every
 * valid application must be taken (201), or answered 503 with Retry-After at local capacity and taken
 * (or found made) when sent again after it; fails on anything else.
 *
 * Every answer that is not a 2xx is listed by kind, status, code and message, with its count, in
 * every part (599: no answer, with the network error), so a failure names its cause.
 *
 * Then the same-agency contention mix: 32 clients, each a member of staff of 露水河镇 with
 * applications and drafts of their own, confirm receipts (one letter sequence, one set of counters)
 * and approve publications (one set of listing and 索引号 sequences) all at once; a step answered 503
 * with Retry-After is sent again after it (a 409 then: it had applied). Fails on any other 5xx or
 * refusal, or any step not applied exactly once (versions, letter numbers, 索引号, recount, as stored).
 */
import { personApplication } from '../support/applications.ts';
import { publicationContent } from '../support/publications.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { jobOutcome } from '../support/jobs.ts';

const total = Number(process.env.BENCH_LOAD_REQUESTS ?? 4000);
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const clients = 32;

const bench = await startBenchPlatform();
const url = bench.url;

const token = async (username: string) =>
  (
    (await (
      await fetch(`${url}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
      })
    ).json()) as { token: string }
  ).token;
const handler = await token('lsh-handler');
// The public pages the citizens read: rendered once, as the first `npm start` does.
const admin = await token('fs-admin');
const rebuilt = await fetch(`${url}/api/staff/site/rebuild`, {
  method: 'POST',
  headers: { authorization: `Bearer ${admin}` },
});
if (rebuilt.status !== 202) throw new Error(`site rebuild failed: ${rebuilt.status}`);
const rebuild = await jobOutcome(url, admin, ((await rebuilt.json()) as { id: string }).id, 600_000);
if (rebuild.state !== 'done') throw new Error(`site rebuild ${rebuild.state}`);
const staffHeaders = { authorization: `Bearer ${handler}`, 'content-type': 'application/json' };

type Kind = 'submit' | 'status' | 'page' | 'queue' | 'detail' | 'step';
/** The mix: what a county portal sees, citizens mostly reading, staff working the queue. */
const mix: [Kind, number][] = [
  ['submit', 20],
  ['status', 25],
  ['page', 20],
  ['queue', 15],
  ['detail', 10],
  ['step', 10],
];
const weight = mix.reduce((sum, [, w]) => sum + w, 0);
const pick = (r: number): Kind => {
  let left = r * weight;
  for (const [kind, w] of mix) if ((left -= w) < 0) return kind;
  return mix[0]![0];
};

/** What one request was answered: the status and, when not a 2xx, the error's code, message and Retry-After. */
interface Outcome {
  status: number;
  code?: string;
  message?: string;
  retryAfter?: string;
}
interface Sample extends Outcome {
  kind: Kind | 'burst';
  ms: number;
}

/** Reads the whole answer; for a non-2xx, its `{ code, message }` (or the start of a body that is not JSON). */
async function outcome(response: Response): Promise<Outcome> {
  const text = await response.text();
  if (response.ok) return { status: response.status };
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  const answer = { status: response.status, ...(retryAfter && { retryAfter }) };
  try {
    const body = JSON.parse(text) as { code?: string; message?: string; errors?: { field: string; message: string }[] };
    const fields = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return { ...answer, code: body.code, message: `${body.message}${fields ? ` (${fields})` : ''}` };
  } catch {
    return { ...answer, message: text.slice(0, 120).replace(/\s+/g, ' ') };
  }
}
/** No answer at all: the network error, as 599. */
const noAnswer = (error: unknown): Outcome => {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return { status: 599, code: cause?.code, message: cause?.message ?? (error as Error).message };
};
let serial = 0;

/** One simulated person or office: its own applications to follow, its own viewer address. */
function client(id: number) {
  const viewer = { 'cloudfront-viewer-address': `10.1.${(id >> 8) & 255}.${id & 255}:443` };
  const own: { receiptNumber: string; queryCode: string }[] = [];
  let random = id + 1;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pages = ['/', '/lushuihe/', '/apply', '/search/', '/lushuihe/reports/'];

  async function submit(): Promise<Outcome> {
    const response = await fetch(`${url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `load-${id}-${++serial}`, ...viewer },
      body: JSON.stringify(personApplication()),
    });
    if (response.status !== 201) return outcome(response);
    const body = (await response.json()) as { receiptNumber: string; queryCode: string };
    own.push({ receiptNumber: body.receiptNumber, queryCode: body.queryCode });
    return { status: 201 };
  }
  const any = () => own[Math.floor(next() * own.length)];
  const requests: Record<Kind, () => Promise<Outcome>> = {
    submit,
    status: async () => {
      const mine = any();
      if (!mine) return submit();
      const response = await fetch(`${url}/api/applications/${mine.receiptNumber}`, {
        headers: { 'x-query-code': mine.queryCode, ...viewer },
      });
      return outcome(response);
    },
    page: async () => {
      const response = await fetch(`${url}${pages[Math.floor(next() * pages.length)]}`, { headers: viewer });
      return outcome(response);
    },
    queue: async () => {
      const response = await fetch(`${url}/api/staff/applications?status=registered`, { headers: staffHeaders });
      return outcome(response);
    },
    detail: async () => {
      const mine = any();
      if (!mine) return submit();
      const response = await fetch(`${url}/api/staff/applications/${mine.receiptNumber}`, { headers: staffHeaders });
      return outcome(response);
    },
    // A note on one of this client's applications at the version just read: a 409 when another
    // step came between is the optimistic lock doing its work.
    step: async () => {
      const mine = any();
      if (!mine) return submit();
      const read = await fetch(`${url}/api/staff/applications/${mine.receiptNumber}`, { headers: staffHeaders });
      if (!read.ok) return outcome(read);
      const detail = (await read.json()) as { application: { version: number } };
      const response = await fetch(`${url}/api/staff/applications/${mine.receiptNumber}/actions`, {
        method: 'POST',
        headers: staffHeaders,
        body: JSON.stringify({ version: detail.application.version, action: { type: 'note', text: '负载测试备注' } }),
      });
      return outcome(response);
    },
  };
  return async (budget: { left: number; until: number }, samples: Sample[]) => {
    while (budget.left-- > 0 && Date.now() < budget.until) {
      const kind = pick(next());
      const started = performance.now();
      const answer = await requests[kind]().catch(noAnswer);
      samples.push({ kind, ms: performance.now() - started, ...answer });
    }
  };
}

async function run(concurrency: number, requests: number) {
  const samples: Sample[] = [];
  const budget = { left: requests, until: Date.now() + seconds * 1000 };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i + concurrency * 100)(budget, samples)));
  return { samples, elapsed: (performance.now() - started) / 1000 };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};
const statuses = (samples: Sample[]) =>
  Object.entries(Object.groupBy(samples, (s) => String(s.status)))
    .map(([status, list]) => `${status}×${list!.length}`)
    .join(' ');

/** Every answer that was not a 2xx, by kind, status, code and message, with how many. */
function printFailures(title: string, samples: Sample[]) {
  const failed = samples.filter((s) => s.status < 200 || s.status > 299);
  if (!failed.length) return console.log(`${title}: every answer a 2xx.`);
  console.log(`${title}: ${failed.length} answers not a 2xx`);
  const groups = Object.entries(
    Object.groupBy(failed, (s) =>
      JSON.stringify([s.kind, s.status, s.code ?? '', s.message ?? '', s.retryAfter ?? '']),
    ),
  ).sort((a, b) => b[1]!.length - a[1]!.length);
  for (const [key, list] of groups) {
    const [kind, status, code, message, retryAfter] = JSON.parse(key) as [string, number, string, string, string];
    const wait = retryAfter ? ` [Retry-After: ${retryAfter}]` : status === 503 ? ' [no Retry-After]' : '';
    console.log(
      `  ${String(list!.length).padStart(5)} × ${kind} ${status} ${code || '-'}${wait}: ${message || '(no body)'}`,
    );
  }
}

/**
 * `size` citizens, each from an address of its own, send an application at once (no idempotency key,
 * each body its own), `rounds` times: the moment a notice sends a village to the form. A 503 with
 * Retry-After is the platform's answer at capacity (here: one process and one DynamoDB Local on two
 * cores standing in for 64 Lambda instances): each is sent again as its message asks, once the wait
 * has passed, until it is taken (201) or found already made (409 `already-exists`: the time ran out
 * after the work was done). Anything else, a 503 without Retry-After, or an application lost, fails.
 */
async function bursts(size: number, rounds: number) {
  const samples: Sample[] = [];
  const deferred: { body: string; viewer: string; retryAfter: number }[] = [];
  const send = (body: string, viewer: string) =>
    fetch(`${url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cloudfront-viewer-address': viewer },
      body,
    })
      .then(outcome)
      .catch(noAnswer);
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      Array.from({ length: size }, async (_, i) => {
        const t = performance.now();
        const body = JSON.stringify(personApplication());
        const viewer = `10.3.${round}.${i + 1}:443`;
        const answer = await send(body, viewer);
        samples.push({ kind: 'burst', ms: performance.now() - t, ...answer });
        if (answer.status === 503 && answer.retryAfter)
          deferred.push({ body, viewer, retryAfter: Number(answer.retryAfter) });
      }),
    );
  }
  const elapsed = (performance.now() - started) / 1000;
  const ms = samples.map((s) => s.ms);
  console.log(
    `\nBursts of submissions (${size} at once, ${rounds} times: ${samples.length} in ${elapsed.toFixed(1)} s): p50 ${quantile(ms, 0.5).toFixed(0)} ms, p99 ${quantile(ms, 0.99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms; ${statuses(samples)}`,
  );
  printFailures('Bursts', samples);
  const taken = samples.filter((s) => s.status === 201).length;
  const wrong = samples.length - taken - deferred.length;
  if (!deferred.length && !wrong) return console.log(`✓ all ${samples.length} applications taken.`);

  // Each 503 sent again as a citizen told to wait would: after Retry-After, while the platform still
  // answers 503 or 409 `in-progress` (a timed-out submission's claim is held for 30 s), for at most 90 s.
  const retried = await Promise.all(
    deferred.map(async ({ body, viewer, retryAfter }) => {
      const until = Date.now() + 90_000;
      let answer: Outcome;
      let wait = retryAfter;
      do {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        answer = await send(body, viewer);
        wait = Number(answer.retryAfter ?? 5);
      } while ((answer.status === 503 || answer.code === 'in-progress') && Date.now() < until);
      return { kind: 'burst' as const, ms: 0, ...answer };
    }),
  );
  const retakenNow = retried.filter((s) => s.status === 201).length;
  const madeBefore = retried.filter((s) => s.code === 'already-exists').length;
  const lost = retried.length - retakenNow - madeBefore;
  console.log(
    `${deferred.length} answered 503 with Retry-After at capacity; sent again after it: ${retakenNow} taken, ${madeBefore} found already made (409 already-exists), ${lost} otherwise.`,
  );
  if (lost) printFailures('Bursts, sent again after Retry-After', retried);
  if (wrong || lost) {
    console.log(
      `✗ ${wrong} of ${samples.length} answered neither 201 nor 503 with Retry-After; ${lost} not taken when sent again.`,
    );
    process.exitCode = 1;
  } else
    console.log(
      `✓ every one of ${samples.length} applications taken exactly once: ${taken} at once, ${deferred.length} after the Retry-After of a 503 at local capacity.`,
    );
}

/** Same-agency contention: every step shares the agency's sequences and counters with 31 others. */
async function contention(perClient: { applications: number; drafts: number }) {
  const reviewer = await token('lsh-reviewer');
  const reviewerHeaders = { authorization: `Bearer ${reviewer}`, 'content-type': 'application/json' };
  const own = await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const viewer = { 'cloudfront-viewer-address': `10.2.${i}.1:443` };
      const applications: string[] = [];
      for (let n = 0; n < perClient.applications; n++) {
        const response = await fetch(`${url}/api/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...viewer },
          body: JSON.stringify(personApplication()),
        });
        if (response.status !== 201) throw new Error(`contention setup: submission answered ${response.status}`);
        applications.push(((await response.json()) as { receiptNumber: string }).receiptNumber);
      }
      const drafts: { id: string; version: number }[] = [];
      for (let n = 0; n < perClient.drafts; n++) {
        const created = (await (
          await fetch(`${url}/api/staff/publications`, {
            method: 'POST',
            headers: staffHeaders,
            body: JSON.stringify(publicationContent()),
          })
        ).json()) as { id: string; version: number };
        const submitted = (await (
          await fetch(`${url}/api/staff/publications/${created.id}/actions`, {
            method: 'POST',
            headers: staffHeaders,
            body: JSON.stringify({ version: created.version, action: { type: 'submit' } }),
          })
        ).json()) as { version: number };
        drafts.push({ id: created.id, version: submitted.version });
      }
      return { applications, drafts };
    }),
  );

  const samples: Sample[] = [];
  /** The final answer of each step first answered 503 with Retry-After, sent again after it. */
  const retried: Sample[] = [];
  const started = performance.now();
  await Promise.all(
    own.map(async ({ applications, drafts }) => {
      const work = [...applications.map((n) => ['step', n] as const), ...drafts.map((d) => ['approve', d] as const)];
      for (const [kind, target] of work) {
        const send = () =>
          (kind === 'step'
            ? fetch(`${url}/api/staff/applications/${target}/actions`, {
                method: 'POST',
                headers: staffHeaders,
                body: JSON.stringify({ version: 1, action: { type: 'confirmReceipt' } }),
              })
            : fetch(`${url}/api/staff/publications/${target.id}/actions`, {
                method: 'POST',
                headers: reviewerHeaders,
                body: JSON.stringify({
                  version: target.version,
                  action: { type: 'approve', secrecyCheck: '经审查，同意公开。' },
                }),
              })
          )
            .then(outcome)
            .catch(noAnswer);
        const t = performance.now();
        let answer = await send();
        samples.push({ kind: kind as Kind, ms: performance.now() - t, ...answer });
        if (answer.status !== 503 || !answer.retryAfter) continue;
        // As the message asks: wait, then send again; a 409 (stale version, or no longer a step to
        // take) says the step answered 503 had applied before its time ran out.
        const until = Date.now() + 90_000;
        while (answer.status === 503 && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter ?? 5) * 1000));
          answer = await send();
        }
        retried.push({ kind: kind as Kind, ms: 0, ...answer });
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  // Exactly once, judged on what was stored: every application at version 2 with one receipt letter,
  // every letter number distinct, every item published with a 索引号 of its own, the counters equal
  // to a recount.
  const versions = await Promise.all(
    own
      .flatMap((o) => o.applications)
      .map(
        async (n) =>
          (await (await fetch(`${url}/api/staff/applications/${n}`, { headers: staffHeaders })).json()) as {
            application: { version: number };
            letters: { number: string }[];
          },
      ),
  );
  const published = await Promise.all(
    own
      .flatMap((o) => o.drafts)
      .map(
        async (d) =>
          (await (await fetch(`${url}/api/staff/publications/${d.id}`, { headers: reviewerHeaders })).json()) as {
            indexNumber: string | null;
          },
      ),
  );
  const letters = versions.flatMap((v) => v.letters.map((l) => l.number));
  const indexNumbers = published.map((p) => p.indexNumber).filter(Boolean);
  const recount = (await (
    await fetch(`${url}/api/dev/recount`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  ).json()) as { differences: number };
  const wrong = samples.filter((s) => s.status !== 200 && !(s.status === 503 && s.retryAfter));
  const unsettled = retried.filter((s) => s.status !== 200 && s.status !== 409);
  const problems = [
    wrong.length && `${wrong.length} answered neither 200 nor 503 with Retry-After`,
    unsettled.length && `${unsettled.length} sent again after Retry-After answered ${statuses(unsettled)}`,
    versions.some((v) => v.application.version > 2 || v.letters.length > 1) && 'an application stepped twice',
    versions.some((v) => v.application.version < 2) &&
      `${versions.filter((v) => v.application.version < 2).length} applications not stepped`,
    new Set(letters).size !== letters.length && 'a letter number issued twice',
    new Set(indexNumbers).size !== published.length && 'an item without a 索引号 of its own',
    recount.differences !== 0 && `${recount.differences} counters differ from a recount`,
  ].filter(Boolean);

  console.log(`
Same-agency contention (露水河镇: ${clients} staff clients at once, ${perClient.applications} receipts and ${perClient.drafts} approvals each, ${samples.length} steps in ${elapsed.toFixed(1)} s)
`);
  console.log('| kind | steps | p50 | p99 | statuses |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const kind of ['step', 'approve']) {
    const list = samples.filter((s) => s.kind === kind);
    const ms = list.map((s) => s.ms);
    console.log(
      `| ${kind === 'step' ? 'confirm receipt (letter)' : 'approve publication'} | ${list.length} | ${quantile(ms, 0.5).toFixed(0)} ms | ${quantile(ms, 0.99).toFixed(0)} ms | ${statuses(list)} |`,
    );
  }
  printFailures('Contention', samples);
  if (retried.length) {
    console.log(
      `${retried.length} answered 503 with Retry-After; sent again after it: ${statuses(retried)} (409: it had applied before its time ran out).`,
    );
    printFailures('Contention, sent again after Retry-After', retried);
  }
  if (problems.length) {
    console.log(`✗ ${problems.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `✓ no 5xx but 503 with Retry-After; every step applied exactly once (${versions.length} applications at version 2, ${letters.length} distinct letter numbers, ${indexNumbers.length} distinct 索引号, counters equal a recount).`,
    );
  }
}

try {
  const warm = await run(4, 200); // warm the JIT of DynamoDB Local and the platform
  printFailures('Warm-up (4 clients)', warm.samples);
  const baseline = await run(1, Math.round(total / 8));
  const loaded = await run(clients, total);

  console.log(
    `\nMixed traffic (local gateway, DynamoDB Local, s3rver; ${loaded.samples.length} requests from ${clients} clients in ${loaded.elapsed.toFixed(1)} s, limit ${total} requests or ${seconds} s)\n`,
  );
  const rows = [['kind', 'requests', 'p50 (1 client)', 'p50 (32)', 'p99 (32)', 'p50 vs 1 client', 'statuses (32)']];
  for (const [kind] of mix) {
    const one = baseline.samples.filter((s) => s.kind === kind).map((s) => s.ms);
    const many = loaded.samples.filter((s) => s.kind === kind);
    const ms = many.map((s) => s.ms);
    rows.push([
      kind,
      String(many.length),
      `${quantile(one, 0.5).toFixed(1)} ms`,
      `${quantile(ms, 0.5).toFixed(1)} ms`,
      `${quantile(ms, 0.99).toFixed(1)} ms`,
      `${(quantile(ms, 0.5) / quantile(one, 0.5)).toFixed(2)}x`,
      statuses(many),
    ]);
  }
  const all = loaded.samples.map((s) => s.ms);
  const oneAll = baseline.samples.map((s) => s.ms);
  rows.push([
    'all',
    String(loaded.samples.length),
    `${quantile(oneAll, 0.5).toFixed(1)} ms`,
    `${quantile(all, 0.5).toFixed(1)} ms`,
    `${quantile(all, 0.99).toFixed(1)} ms`,
    `${(quantile(all, 0.5) / quantile(oneAll, 0.5)).toFixed(2)}x`,
    statuses(loaded.samples),
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, row] of rows.entries()) {
    console.log(
      `| ${row.map((cell, j) => (j === 0 || j === row.length - 1 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join(' | ')} |`,
    );
    if (i === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  }
  const throughput = loaded.samples.length / loaded.elapsed;
  const baseThroughput = baseline.samples.length / baseline.elapsed;
  console.log(
    `\nThroughput: ${throughput.toFixed(0)} requests/s with ${clients} clients, ${baseThroughput.toFixed(0)} requests/s with 1 (${(throughput / baseThroughput).toFixed(2)}x).`,
  );
  printFailures('Mixed traffic, 1 client', baseline.samples);
  printFailures(`Mixed traffic, ${clients} clients`, loaded.samples);
  const failed =
    loaded.samples.filter((s) => s.status >= 500).length + baseline.samples.filter((s) => s.status >= 500).length;
  if (failed) {
    console.log(`✗ ${failed} requests answered 5xx (599: no answer).`);
    process.exitCode = 1;
  } else {
    console.log(`✓ no 5xx in ${loaded.samples.length + baseline.samples.length} requests.`);
  }
  await bursts(Number(process.env.BENCH_LOAD_BURST ?? 64), Number(process.env.BENCH_LOAD_BURST_ROUNDS ?? 3));
  await contention({
    applications: Number(process.env.BENCH_CONTENTION_STEPS ?? 4),
    drafts: Number(process.env.BENCH_CONTENTION_APPROVALS ?? 2),
  });
} finally {
  await bench.stop();
}
