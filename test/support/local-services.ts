/**
 * Global setup of the integration project: one DynamoDB Local (in memory) and one s3rver on free
 * loopback ports for the whole run (and, for `npm run test:smtp`, an SMTP server the platforms send
 * their mail to). Each test file then makes its own table and buckets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal, startS3 } from '../../cdk/local/services.ts';
import { startSmtpServer } from './smtp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: { dynamodb: string; s3: string };
    /** `GONGKAI_TEST_MAIL=smtp`: the port of the SMTP server every platform of the run sends to. */
    smtp: number | undefined;
  }
}

export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'gongkai-s3-'));
  const [dynamodb, s3] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    freePort().then((port) => startS3({ port, directory: s3Dir })),
  ]);
  project.provide('services', { dynamodb: dynamodb.endpoint, s3: s3.endpoint });
  // The whole suite again with mail through the SMTP transport (`npm run test:smtp`).
  const smtp = process.env.GONGKAI_TEST_MAIL === 'smtp' ? await startSmtpServer() : undefined;
  project.provide('smtp', smtp?.port);
  return async () => {
    if (smtp) {
      await smtp.stop();
      // The run proves the transport only if mail actually went through it.
      if (!smtp.received.length) throw new Error('GONGKAI_TEST_MAIL=smtp, but the SMTP server received no mail');
      console.log(`SMTP transport: ${smtp.received.length} messages received by the local SMTP server`);
    }
    await Promise.all([dynamodb.stop(), s3.stop()]);
    rmSync(s3Dir, { recursive: true, force: true });
  };
}
