/**
 * Global setup of the integration project: one DynamoDB Local (in memory) and one s3rver on free
 * loopback ports for the whole run. Each test file then makes its own table and buckets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal, startS3 } from '../../cdk/local/services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: { dynamodb: string; s3: string };
  }
}

export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'gongkai-s3-'));
  const [dynamodb, s3] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    freePort().then((port) => startS3({ port, directory: s3Dir })),
  ]);
  project.provide('services', { dynamodb: dynamodb.endpoint, s3: s3.endpoint });
  return async () => {
    await Promise.all([dynamodb.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  };
}
