/**
 * What each benchmark stands on: DynamoDB Local and s3rver on free ports, and the local platform in
 * a process of its own (as under `npm start`). This process holds the clients, configured for the
 * same services so it can also issue SDK calls directly. A failed bench still stops the platform.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureEnvironment } from '../../cdk/local/platform.ts';
import { freePort, startDynamoDbLocal, startS3 } from '../../cdk/local/services.ts';
import type { TableUse } from '../support/table-use.ts';

export interface BenchPlatform {
  url: string;
  /** What the platform's process has asked of the table so far (calls, items read, capacity). */
  tableUse(): Promise<TableUse>;
  stop(): Promise<void>;
}

export async function startBenchPlatform(): Promise<BenchPlatform> {
  process.env.LOG_LEVEL = 'silent';
  const s3Dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-s3-'));
  const [dynamodb, s3] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    freePort().then((port) => startS3({ port, directory: s3Dir })),
  ]);
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const server = spawn(process.execPath, [...profile, 'test/bench/platform-process.ts'], {
    env: { ...process.env, BENCH_DYNAMODB: dynamodb.endpoint, BENCH_S3: s3.endpoint },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let asked = 0;
  process.on('exit', () => server.kill('SIGKILL'));
  process.on('uncaughtException', (error) => {
    console.error(error);
    process.exit(1);
  });
  const [firstLine] = await once(server.stdout!, 'data');
  configureEnvironment({
    dynamodbEndpoint: dynamodb.endpoint,
    s3Endpoint: s3.endpoint,
    names: { table: 'bench', siteBucket: 'bench-site', privateBucket: 'bench-private' },
  });
  return {
    url: String(firstLine).trim(),
    async tableUse() {
      const id = ++asked;
      const answer = new Promise<TableUse>((resolve) => {
        const on = (message: { id: number; use: TableUse }) => {
          if (message.id !== id) return;
          server.off('message', on);
          resolve(message.use);
        };
        server.on('message', on);
      });
      server.send({ id });
      return answer;
    },
    async stop() {
      server.kill('SIGTERM');
      await once(server, 'exit');
      await Promise.allSettled([dynamodb.stop(), s3.stop()]);
      rmSync(s3Dir, { recursive: true, force: true });
    },
  };
}
