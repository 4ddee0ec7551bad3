/** Thrown at module load when a function is deployed without the configuration it needs. */
export class MissingConfigError extends Error {
  readonly variable: string;
  constructor(variable: string) {
    super(`Missing required environment variable ${variable}`);
    this.variable = variable;
    this.name = 'MissingConfigError';
  }
}

export function requireEnv(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new MissingConfigError(variable);
  return value;
}

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
