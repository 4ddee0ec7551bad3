/** Starts the local platform for one test file, on the shared services, with names of its own. */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startPlatform, type Platform } from '../../cdk/local/platform.ts';

export async function startTestPlatform(options: { s3Endpoint?: string } = {}): Promise<Platform & { names: { table: string; siteBucket: string; privateBucket: string } }> {
  const { dynamodb, s3: sharedS3 } = inject('services');
  const s3 = options.s3Endpoint ?? sharedS3;
  const id = randomBytes(4).toString('hex');
  const names = { table: `test-${id}`, siteBucket: `test-${id}-site`, privateBucket: `test-${id}-private` };
  const platform = await startPlatform({ dynamodbEndpoint: dynamodb, s3Endpoint: s3, names, port: 0 });
  return { ...platform, names };
}

export async function signIn(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
