/**
 * Assembles the local platform on already-running services: sets the environment the CDK stack would
 * give the functions, creates the table and buckets, seeds the demo county (or a province), and starts the gateway.
 * Used by `npm start` and by the integration tests (each test file with its own names).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { env } from '#lib/config.ts';
import type { FunctionName } from '#routes';
import { loopback } from './services.ts';
import { createIssuer, issuerVerifier } from './jwt.ts';
import type { DeployedFunction } from '../functions.ts';
import { actingAs, enforceTableGrants } from './table-access.ts';

export interface PlatformOptions {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  names: { table: string; siteBucket: string; privateBucket: string };
  port: number;
  /** Where the JWT keys persist; omitted in tests (keys in memory). */
  keyFile?: string;
  /** What the first start seeds: the demo county (default), a province of so many agencies, or nothing (a bench seeds its own). */
  seed?: 'demo' | { province: number } | 'none';
}

export interface Platform {
  url: string;
  server: Server;
  seeded: boolean;
  /** Holds the stand-in workers (mailer, renderer, jobs, privacy) still, so a test can play their part itself. */
  pauseWorkers(paused: boolean): void;
  stop(): Promise<void>;
}

/** Must run before any functions/ module loads: handlers read their configuration at module scope. */
export function configureEnvironment(options: Pick<PlatformOptions, 'dynamodbEndpoint' | 's3Endpoint' | 'names'>) {
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    // s3rver accepts only its own well-known key pair; DynamoDB Local (-sharedDb) accepts any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_S3: options.s3Endpoint,
    [env.table]: options.names.table,
    [env.siteBucket]: options.names.siteBucket,
    [env.privateBucket]: options.names.privateBucket,
    // 自查 fetches the test's own server (127.0.0.1), and nothing on the internet.
    [env.linkCheckLocal]: '1',
  });
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  configureEnvironment(options);
  const [
    { ensureBucket, ensureTable },
    { seedDemoCounty, seedProvince },
    { createGateway },
    { devHandler },
    pages,
    { deliverPending },
    { runJobTurn },
    { listJobTurns },
    { jobKinds },
    { rebuildKinds },
    { privacyKinds },
    { redactionKinds },
    { renderNewTasks },
    { invocation },
  ] = await Promise.all([
    import('./resources.ts'),
    import('./seed.ts'),
    import('./gateway.ts'),
    import('./dev-handler.ts'),
    import('./pages.ts'),
    import('../../functions/store/delivery.ts'),
    import('../../functions/store/job-turns.ts'),
    import('../../functions/store/jobs.ts'),
    import('../../functions/jobs/run.ts'),
    import('../../functions/renderer/rebuild.ts'),
    import('../../functions/privacy/run.ts'),
    import('../../functions/redaction/run.ts'),
    import('./site.ts'),
    import('#lib/log.ts'),
  ]);
  enforceTableGrants((await import('#lib/dynamo.ts')).db);
  await Promise.all([
    ensureTable(options.names.table),
    ensureBucket(options.names.siteBucket),
    ensureBucket(options.names.privateBucket, { uploads: true }),
  ]);
  const seed = options.seed ?? 'demo';
  const seeded = seed === 'demo' ? await seedDemoCounty() : seed === 'none' ? false : await seedProvince(seed.province);
  const issuer = await createIssuer(options.keyFile);
  // The console's tokens come from the platform's own provider at this address (known once listening).
  let providerTokens: ((token: string) => Promise<Record<string, string> | undefined>) | undefined;
  const server = createGateway({
    verifyToken: async (token) => (await issuer.verify(token)) ?? (await providerTokens?.(token)),
    siteBucket: options.names.siteBucket,
    loadHandler: async (fn: FunctionName) =>
      fn === 'dev' ? devHandler(issuer) : (await import(`../../functions/${fn}/handler.ts`)).handler,
    pages: pages.localPages,
    placeholders: pages.placeholderPages,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, loopback, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // In AWS the deployment records the site's address; feeds and sitemaps need it absolute.
  const [{ putSiteUrl }, { consoleClientId, oidcMountPath }] = await Promise.all([
    import('../../functions/store/site-config.ts'),
    import('../../functions/core/sign-in.ts'),
  ]);
  await putSiteUrl(`http://${loopback}:${port}`);
  providerTokens = issuerVerifier(`http://${loopback}:${port}${oidcMountPath}`, consoleClientId);
  // In AWS the table's stream hands each new outbox item to the mailer, each render task to the
  // renderer and each job turn to the function that works its kind; here pollers stand in for it,
  // running the same code, each call as an invocation of the function it stands in for.
  const invoke = <T>(fn: DeployedFunction, work: () => T) =>
    invocation(fn, { lambdaRequestId: randomUUID() }, () => actingAs(fn, work));
  const workers = { paused: false };
  const pollers = [
    poll(() => invoke('mailer', deliverPending), 1000, workers),
    poll(
      async () => {
        // Each turn as the function its kind's stream filter wakes: a rebuild the renderer, a scan the
        // privacy function, a redaction the redaction function, the rest the jobs function.
        for (const turn of await listJobTurns(10)) {
          const worker =
            turn.kind in rebuildKinds
              ? 'renderer'
              : turn.kind in privacyKinds
                ? 'privacy'
                : turn.kind in redactionKinds
                  ? 'redaction'
                  : 'jobs';
          await invoke(worker, () =>
            runJobTurn(
              turn,
              { ...jobKinds, ...rebuildKinds, ...privacyKinds, ...redactionKinds },
              () => Number.POSITIVE_INFINITY,
            ),
          );
        }
      },
      500,
      workers,
    ),
    // renderNewTasks is the renderer's invocation itself (tests call it to play one).
    poll(() => actingAs('renderer', renderNewTasks), 200, workers),
  ];
  return {
    url: `http://${loopback}:${port}`,
    server,
    seeded,
    pauseWorkers: (paused) => void (workers.paused = paused),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const poller of pollers) clearInterval(poller);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Runs `work` every `ms`, never two at once; a failure is logged by the work itself and retried next time. */
function poll(work: () => Promise<unknown>, ms: number, workers: { paused: boolean }): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running || workers.paused) return;
    running = true;
    work()
      .catch(() => undefined)
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return timer;
}
