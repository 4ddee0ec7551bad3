/** Thrown when a function runs without a setting it needs, or with one it cannot read: names the variable. */
export class MissingConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem = 'Missing required environment variable') {
    super(`${problem} ${variable}`);
    this.variable = variable;
    this.name = 'MissingConfigError';
  }
}

const read = new Map<string, string>();

/**
 * A setting the function cannot run without, read on first use and kept for the instance's life.
 * First use, not module load: the local platform and the tests set the environment before the first
 * request, not always before the import.
 */
export function requireEnv(variable: string): string {
  const known = read.get(variable);
  if (known !== undefined) return known;
  const value = process.env[variable];
  if (!value) throw new MissingConfigError(variable);
  read.set(variable, value);
  return value;
}

/**
 * A whole number setting with a product default when unset; set to anything but a positive whole
 * number, it fails naming the variable rather than falling back silently. Read on each call: tests
 * tune these while the platform runs.
 */
export function positiveIntegerEnv(variable: string, fallback: number): number {
  const value = process.env[variable];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new MissingConfigError(variable, 'Not a positive whole number:');
  return n;
}

/** The settings every function shares, typed: each reads its variable on first use (requireEnv). */
export const config = {
  /** The one DynamoDB table. */
  table: () => requireEnv(env.table),
  /** The public site's bucket (the renderer writes it, 自查 reads it). */
  siteBucket: () => requireEnv(env.siteBucket),
  /** The KMS-encrypted bucket of uploads, attachments and letters. */
  privateBucket: () => requireEnv(env.privateBucket),
};

/** Environment variable names shared by the CDK stack (which sets them) and the handlers. */
export const env = {
  table: 'TABLE_NAME',
  siteBucket: 'SITE_BUCKET',
  privateBucket: 'PRIVATE_BUCKET',
  corsOrigins: 'CORS_ORIGINS',
  /** The verified SES sender; unset (locally), e-mail stays in the agency's outbox unsent. */
  mailFrom: 'MAIL_FROM',
  /** `ses` (default) or `smtp`: how the mail goes out (lib/mail.ts). */
  mailTransport: 'MAIL_TRANSPORT',
  /** The SMTP relay (smtp transport): host, port (465 TLS, else STARTTLS), the credentials' secret. */
  smtpHost: 'SMTP_HOST',
  smtpPort: 'SMTP_PORT',
  smtpSecret: 'SMTP_SECRET',
  /** `optional`: STARTTLS not required (a loopback test relay only). */
  smtpTls: 'SMTP_TLS',
  /** `1` where CloudFront runs no functions (China): each `…/index.html` also written at `…/`. */
  siteDirectoryKeys: 'SITE_DIRECTORY_KEYS',
  /** `cognito` or `platform` (the platform's own OpenID provider): who holds the staff's sign-in. */
  staffProvider: 'STAFF_PROVIDER',
  /** The Cognito user pool the administration function manages (Cognito provider only). */
  userPoolId: 'USER_POOL_ID',
  /** Applications one client address may submit a day, past which one identity number's go to 人工复核 (default 10). */
  applyQuota: 'APPLY_QUOTA_PER_DAY',
  /** A value CloudFront's header must carry, given directly (local tests only); unset locally: no check. */
  originVerify: 'ORIGIN_VERIFY',
  /** Deployed: the Secrets Manager secret (ARN) whose value CloudFront adds, read at cold start. */
  originVerifySecret: 'ORIGIN_VERIFY_SECRET',
  /** The secret's version CloudFront was given at the last deploy: a new one starts fresh instances. */
  originVerifyVersion: 'ORIGIN_VERIFY_VERSION',
  /** `1` where the platform runs locally: 自查 fetches external links on loopback addresses only (no name on the internet). */
  linkCheckLocal: 'LINK_CHECK_LOCAL',
  /** 自查's timeout for an external link, in milliseconds (default 10 s; tests shorten it). */
  linkCheckTimeout: 'LINK_CHECK_TIMEOUT_MS',
} as const;
