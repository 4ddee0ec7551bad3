/**
 * Whether a request came through CloudFront: the distribution adds a secret header to everything it
 * forwards to the API, and the functions refuse what lacks it (someone calling the execute-api
 * address directly, with a forged CloudFront-Viewer-Address to dodge the per-client limits).
 *
 * Deployed, the value is in no template and no function's configuration: the functions are given
 * the secret's ARN (`ORIGIN_VERIFY_SECRET`) and read it at cold start, its current version and its
 * previous one, so a rotation never refuses CloudFront while its new header spreads (README,
 * Security). Locally nothing is checked unless a test sets `ORIGIN_VERIFY` to a value.
 */
import { timingSafeEqual } from 'node:crypto';
import { env } from './config.ts';
import { HttpError } from './errors.ts';
import { errorFields, log } from './log.ts';

export const originHeader = 'x-origin-verify';

/** What of the Secrets Manager client the read uses (a test gives its own). */
export interface SecretsClient {
  send(command: { input: { SecretId?: string; VersionStage?: string } }): Promise<{ SecretString?: string }>;
}

/**
 * The values CloudFront may send: the secret's current version and, after a rotation, its previous
 * one (none before the first rotation).
 */
export async function readOriginSecret(secretId: string, client?: SecretsClient): Promise<string[]> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secrets = client ?? (new SecretsManagerClient({ maxAttempts: 3 }) as unknown as SecretsClient);
  const read = async (VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS') => {
    try {
      const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage }));
      return SecretString;
    } catch (error) {
      if (VersionStage === 'AWSPREVIOUS' && (error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
  const values = await Promise.all([read('AWSCURRENT'), read('AWSPREVIOUS')]);
  return values.filter((value): value is string => Boolean(value));
}

const secretId = process.env[env.originVerifySecret];
/** The values read at cold start; undefined while a read has not succeeded (Secrets Manager unreachable). */
let accepted: string[] | undefined;
let reading: Promise<void> | undefined;

function refresh(id: string): Promise<void> {
  reading ??= readOriginSecret(id)
    .then(
      (values) => {
        accepted = values;
      },
      (error: unknown) => log.error('origin secret not read', errorFields(error)),
    )
    .finally(() => {
      reading = undefined;
    });
  return reading;
}

if (secretId) await refresh(secretId);

const matches = (given: string, wanted: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(wanted);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** True when the request carries the header CloudFront adds; 503 while the secret cannot be read. */
export function cameThroughCloudFront(headers: Record<string, string | undefined> | undefined): boolean {
  const given = headers?.[originHeader] ?? '';
  const local = process.env[env.originVerify];
  if (local) return matches(given, local);
  if (!secretId) return true;
  if (!accepted) {
    void refresh(secretId);
    throw new HttpError(503, '服务暂时不可用，请稍后重试。您的请求未被处理。', [], { code: 'unavailable' });
  }
  return accepted.some((value) => matches(given, value));
}

export const notThroughSite = '请通过政府信息公开网站访问。';
