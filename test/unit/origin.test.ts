/** The functions behind the API take only what CloudFront forwarded (its secret header), once configured. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cameThroughCloudFront } from '#lib/origin.ts';

afterEach(() => {
  delete process.env.ORIGIN_VERIFY;
});

describe('cameThroughCloudFront', () => {
  it('takes everything where no secret is configured (the local platform)', () => {
    expect(cameThroughCloudFront({})).toBe(true);
  });

  it('takes only the secret once configured: a direct call to execute-api is refused', () => {
    process.env.ORIGIN_VERIFY = 's3cr3t-value-from-the-stack';
    expect(cameThroughCloudFront({ 'x-origin-verify': 's3cr3t-value-from-the-stack' })).toBe(true);
    expect(cameThroughCloudFront({ 'x-origin-verify': 's3cr3t-value-from-the-stacK' })).toBe(false);
    expect(cameThroughCloudFront({ 'cloudfront-viewer-address': '1.2.3.4:443' })).toBe(false);
    expect(cameThroughCloudFront(undefined)).toBe(false);
  });
});

describe('the origin secret, read from Secrets Manager at cold start (deployed)', () => {
  const versions: Record<string, string> = { AWSCURRENT: 'new-value-after-rotation', AWSPREVIOUS: 'old-value' };
  const client = (stages: Record<string, string>) => ({
    send: async ({ input }: { input: { SecretId?: string; VersionStage?: string } }) => {
      const value = stages[input.VersionStage ?? ''];
      if (!value) throw Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });
      return { SecretString: value };
    },
  });

  it('reads the current version and, after a rotation, the previous one', async () => {
    const { readOriginSecret } = await import('#lib/origin.ts');

    expect(await readOriginSecret('arn:secret', client(versions))).toEqual(['new-value-after-rotation', 'old-value']);
    expect(await readOriginSecret('arn:secret', client({ AWSCURRENT: 'only' }))).toEqual(['only']);
  });

  it('takes either value while CloudFront switches to the new one, and nothing else', async () => {
    vi.resetModules();
    vi.doMock('@aws-sdk/client-secrets-manager', () => ({
      SecretsManagerClient: class {
        send = client(versions).send;
      },
      GetSecretValueCommand: class {
        input: unknown;
        constructor(input: unknown) {
          this.input = input;
        }
      },
    }));
    process.env.ORIGIN_VERIFY_SECRET = 'arn:aws:secretsmanager:cn-north-1:111122223333:secret:OriginVerify';
    try {
      const { cameThroughCloudFront } = await import('#lib/origin.ts');

      expect(cameThroughCloudFront({ 'x-origin-verify': 'new-value-after-rotation' })).toBe(true);
      expect(cameThroughCloudFront({ 'x-origin-verify': 'old-value' })).toBe(true);
      expect(cameThroughCloudFront({ 'x-origin-verify': 'guessed' })).toBe(false);
      expect(cameThroughCloudFront({})).toBe(false);
    } finally {
      delete process.env.ORIGIN_VERIFY_SECRET;
      vi.doUnmock('@aws-sdk/client-secrets-manager');
      vi.resetModules();
    }
  });
});
