/**
 * The platform's own OpenID provider (where there is no Cognito: the China regions, and locally),
 * on `oidc-provider`: one public client, the staff console, with the authorisation code flow and
 * PKCE; ID tokens of 10 minutes naming the account (`preferred_username`, `name`, `auth_time`), which
 * the HTTP API's JWT authoriser checks against this issuer's keys, renewed with a refresh token
 * (rotated on each use, never beyond the 8 hours of the sign-in, refused once the account may no
 * longer act) that signing out revokes. Signing out (the refresh token revoked, or the session
 * ended) also records the sign-in as ended, which the functions read with the staff profile: its
 * ID tokens are refused from the next request. Its data lives in the table.
 */
import { consoleClientId, oidcMountPath as mountPath } from '#core/sign-in.ts';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { errorFields, log } from '#lib/log.ts';
import { getCredential } from '#store/credentials.ts';
import { DynamoOidcAdapter } from '#store/oidc-adapter.ts';
import { oidcKeys } from '#store/oidc-keys.ts';
import { getSiteUrl } from '#store/site-config.ts';
import { endSignIn, getStaff } from '#store/staff.ts';
import { logoutPage, messagePage, pageHeaders } from './pages.ts';

const hours = 3600;
export const idTokenMinutes = 10;

/**
 * The account a session or a code stands for, or none: no profile, a pending or disabled one, or a
 * sign-in from before the account's sessions were ended (a reset or a disable).
 */
async function findAccount(ctx: KoaContextWithOIDC, sub: string, token?: object) {
  const [member, credential] = await Promise.all([getStaff(sub, true), getCredential(sub)]);
  if (!member || member.pending || member.disabled || !credential) return undefined;
  const signedInAt = ctx.oidc.session?.loginTs ?? (token as { authTime?: number } | undefined)?.authTime;
  if (credential.sessionsEndedAt && signedInAt && signedInAt * 1000 < Date.parse(credential.sessionsEndedAt))
    return undefined;
  return {
    accountId: sub,
    claims: async () => ({ sub, preferred_username: sub, name: member.name }),
  };
}

/** The provider's prompts, and one more reason to sign in: the session's account may no longer act (see above). */
function policy() {
  const prompts = interactionPolicy.base();
  prompts
    .get('login')!
    .checks.add(
      new interactionPolicy.Check('account_ended', '需要重新登录', (ctx) =>
        ctx.oidc.account ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return prompts;
}

/** The sign-in at `authTime` (the tokens' auth_time, in seconds) ended: see `staffOf`. */
const ended = (accountId: string | undefined, authTime: number | undefined) =>
  accountId && authTime ? endSignIn(accountId, new Date(authTime * 1000).toISOString()) : undefined;

function html(ctx: KoaContextWithOIDC, status: number, body: string) {
  ctx.status = status;
  ctx.set(pageHeaders);
  ctx.body = body;
}

function configuration(siteUrl: string, keys: Awaited<ReturnType<typeof oidcKeys>>): Configuration {
  const console = `${siteUrl}/staff/`;
  return {
    adapter: DynamoOidcAdapter,
    clients: [
      {
        client_id: consoleClientId,
        client_name: '政府信息公开工作平台',
        token_endpoint_auth_method: 'none',
        redirect_uris: [console],
        post_logout_redirect_uris: [console],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        require_auth_time: true,
      },
    ],
    jwks: keys.jwks as Configuration['jwks'],
    cookies: {
      keys: keys.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    // The console sends the ID token to the API: it carries the profile claims itself.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // The console renews its short ID token with a refresh token (the scope needs no offline_access).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    features: {
      revocation: {
        enabled: true,
        // The console revokes its refresh token on 退出: the sign-in ends with it, ID tokens included.
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId !== client.clientId) return false;
          if (token.kind === 'RefreshToken') await ended(token.accountId, token.authTime);
          return true;
        },
      },
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => html(ctx, 200, logoutPage(form)),
        postLogoutSuccessSource: async (ctx) =>
          html(ctx, 200, messagePage('已退出登录', '您已退出工作平台。', { href: '/staff/', text: '重新登录' })),
      },
    },
    interactions: {
      policy: policy(),
      url: async (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    findAccount,
    // The console is the platform's own client: signing in to it is consent enough.
    loadExistingGrant: async (ctx) => {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      const existing = grantId && (await ctx.oidc.provider.Grant.find(grantId));
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) =>
      html(
        ctx,
        Math.max(ctx.status, 400),
        messagePage('登录出错', `登录请求无法完成（${String(out.error)}），请返回工作平台重新登录。`, {
          href: '/staff/',
          text: '返回工作平台',
        }),
      ),
    ttl: {
      IdToken: idTokenMinutes * 60,
      // A rotated refresh token keeps what was left of the one it replaces: never beyond the sign-in's 8 hours.
      RefreshToken: (ctx) => ctx?.oidc.entities.RotatedRefreshToken?.remainingTTL ?? 8 * hours,
      AccessToken: hours,
      AuthorizationCode: 60,
      Interaction: hours,
      Session: 8 * hours,
      Grant: 8 * hours,
    },
  };
}

/** The provider at the site's address (the deployment records it in the table), with its keys from the table. */
export async function createProvider(): Promise<{
  provider: Provider;
  issuer: URL;
  /** Its request handler, composed once (Koa builds it afresh on every `callback()`). */
  serve: ReturnType<Provider['callback']>;
}> {
  const [siteUrl, keys] = await Promise.all([getSiteUrl(), oidcKeys()]);
  if (!siteUrl) throw new Error('The site address is not recorded yet (the deployment writes it)');
  const provider = new Provider(`${siteUrl}${mountPath}`, configuration(siteUrl, keys));
  // Behind CloudFront and API Gateway: the address the person used is in the forwarded headers.
  provider.proxy = true;
  // A session ended at the provider (its sign-out form sent) ends the sign-in it held, ID tokens included.
  provider.use(async (ctx, next) => {
    await next();
    const { oidc } = ctx as KoaContextWithOIDC;
    if (oidc?.route === 'end_session_confirm' && ctx.status === 303)
      await ended(oidc.session?.accountId, oidc.session?.loginTs);
  });
  // The provider answers these itself (its error page); the log keeps what went wrong, without personal data.
  provider.on('server_error', (_ctx: unknown, error: unknown) =>
    log.error('sign-in provider error', errorFields(error)),
  );
  return { provider, issuer: new URL(`${siteUrl}${mountPath}`), serve: provider.callback() };
}
