/**
 * The sign-in itself, between the provider's authorisation request and its answer: the password and
 * the dynamic code, a temporary password changed, the authenticator enrolled. What the person has
 * passed so far is kept on the provider's interaction (in the table, tied to its cookie), never in
 * the page. The limits on guessing, the judgement and the messages follow `core/sign-in.ts`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { judgeSignIn, signInMessages, signInSource } from '#core/sign-in.ts';
import { log } from '#lib/log.ts';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '#lib/passwords.ts';
import { newTotpSecret, totpStep, totpStepSeconds, totpUri } from '#lib/totp.ts';
import { getCredential, takeTotpStep, updateCredential } from '#store/credentials.ts';
import { admitAttempt, recordFailure, recordSuccess } from '#store/sign-in-guard.ts';
import { getStaff } from '#store/staff.ts';
import { enrolPage, loginPage, messagePage, pageHeaders, passwordPage } from './pages.ts';

/** Where the person stands once the password was right: what is still to do before signing in. */
interface Passed {
  username: string;
  step: 'password' | 'enrol';
  /** The credential's generation when the password was checked: a step writes only while it holds. */
  generation: number;
  /** The secret being enrolled, until the first code proves the app has it. */
  secret?: string;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const maxBody = 8 * 1024;
/** Checked when there is no such account, so an unknown username takes the work (and the time) of a real one. */
const decoyHash = decoyPasswordHash();
const decoySecret = newTotpSecret();
/** The longest username an account can have (the form's and the schema's limit): longer ones are counted cut to it. */
const usernameLength = 64;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function answer(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...pageHeaders, ...headers });
  res.end(body);
}

/** What the person has passed; one kept before steps carried their generation starts again. */
function passedOf(interaction: Interaction): Passed | undefined {
  const passed = (interaction.result as { passed?: Passed } | undefined)?.passed;
  return typeof passed?.generation === 'number' ? passed : undefined;
}

async function keep(interaction: Interaction, passed: Passed | undefined) {
  interaction.result = { passed };
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
}

/**
 * An administrator reset or disabled the account after the person's password was checked: their step
 * is not written (it would undo the reset), and they start again from the password.
 */
async function changedMeanwhile(interaction: Interaction, res: ServerResponse) {
  log.info('sign-in step refused: the account changed since the password was checked');
  await keep(interaction, undefined);
  answer(
    res,
    409,
    messagePage('请重新登录', '账号信息已被管理员更新，请重新登录。', { href: '/staff/', text: '返回工作平台' }),
  );
}

/**
 * Signed in: back to the provider, which answers the console with its code. The provider's session
 * cookie lasts as long as the browser (`remember: false`): closing it on a shared computer ends it.
 */
async function finish(provider: Provider, req: IncomingMessage, res: ServerResponse, username: string) {
  log.info('staff signed in');
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: username, amr: ['pwd', 'otp'], remember: false } },
    { mergeWithLastSubmission: false },
  );
}

/** Whether `code` is the enrolled authenticator's and not used before (taking it now, once and for all). */
async function codeTaken(username: string, secret: string, code: string): Promise<boolean> {
  const step = totpStep(secret, code);
  return step !== undefined && takeTotpStep(username, step, totpStepSeconds);
}

/**
 * The password and the code, checked together, after the attempt was counted: any failure (no such
 * account, a wrong or missing password or code, a code used before) gets the one same answer, and
 * the same work, so the page tells nothing of which usernames exist or what was right.
 */
async function login(provider: Provider, interaction: Interaction, req: IncomingMessage, res: ServerResponse) {
  const form = await formOf(req);
  const username = (form.get('username') ?? '').trim().toLowerCase().slice(0, usernameLength);
  const password = form.get('password') ?? '';
  const code = (form.get('code') ?? '').replace(/\s/g, '');
  const again = (error: string, status = 400, headers: Record<string, string> = {}) =>
    answer(res, status, loginPage(interaction.uid, { username, error }), headers);
  if (!username || !password) return again('请填写用户名和密码。');
  const source = signInSource(req.socket.remoteAddress ?? '');
  const [admission, member, credential] = await Promise.all([
    admitAttempt(username, source),
    getStaff(username, true),
    getCredential(username),
  ]);
  if (!admission.admitted) {
    log.warn('sign-in attempt made to wait', { waitSeconds: admission.waitSeconds });
    return again(signInMessages.waiting(admission.waitSeconds), 429, {
      'retry-after': String(admission.waitSeconds),
    });
  }
  const known = member && !member.pending && credential ? credential : undefined;
  const passwordRight = await verifyPassword(password, known?.passwordHash ?? decoyHash);
  // The code is taken only with the right password: a guess at the password never uses up the person's code.
  const codeRight =
    passwordRight && known?.totpSecret
      ? await codeTaken(username, known.totpSecret, code)
      : totpStep(known?.totpSecret ?? decoySecret, code) !== undefined;
  const outcome = judgeSignIn(known, { password: passwordRight, code: codeRight });
  if (outcome.result === 'wrong' || !known) {
    await recordFailure(username);
    return again(signInMessages.wrong);
  }
  await recordSuccess(username, source);
  if (member?.disabled) return answer(res, 403, messagePage('账号已停用', '您的账号已停用，请联系本机关管理员。'));
  if (outcome.result === 'ok') return finish(provider, req, res, username);
  const passed = { username, generation: known.generation };
  if (outcome.result === 'change-password') {
    await keep(interaction, { ...passed, step: 'password' });
    return answer(res, 200, passwordPage(interaction.uid));
  }
  return enrol(interaction, res, passed);
}

async function enrol(
  interaction: Interaction,
  res: ServerResponse,
  { username, generation }: Pick<Passed, 'username' | 'generation'>,
  error?: string,
) {
  const secret = passedOf(interaction)?.secret ?? newTotpSecret();
  await keep(interaction, { username, generation, step: 'enrol', secret });
  return answer(res, error ? 400 : 200, enrolPage(interaction.uid, secret, totpUri(username, secret), error));
}

/** The new password saved: true when the person may go on to the next step (which this does not answer). */
async function changePassword(
  interaction: Interaction,
  passed: Passed,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const form = await formOf(req);
  const password = form.get('password') ?? '';
  const again = (error: string) => {
    answer(res, 400, passwordPage(interaction.uid, error));
    return false;
  };
  const problem = passwordProblem(password);
  if (problem) return again(`${problem}。`);
  if (password !== form.get('confirm')) return again('两次输入的新密码不一致。');
  const credential = await getCredential(passed.username);
  if (!credential) {
    answer(res, 403, messagePage('无法登录', '该账号已不能登录，请联系管理员。'));
    return false;
  }
  const changed = async () => {
    await changedMeanwhile(interaction, res);
    return false;
  };
  if (credential.generation !== passed.generation) return changed();
  if (await verifyPassword(password, credential.passwordHash)) return again('新密码不能与临时密码相同。');
  const change = { passwordHash: await hashPassword(password), mustChange: false };
  if (!(await updateCredential(passed.username, passed.generation, change))) return changed();
  log.info('staff password changed at sign-in');
  return true;
}

/**
 * Serves `/oidc/interaction/<uid>[/<action>]`. The interaction (and who has passed what) comes from
 * the provider by its cookie; an expired or foreign one gets a page that starts again.
 */
export async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let details: Interaction;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    return answer(
      res,
      400,
      messagePage('登录已失效', '登录页面已过期或已在其他窗口完成，请重新进入工作平台登录。', {
        href: '/staff/',
        text: '返回工作平台',
      }),
    );
  }
  const action = new URL(req.url ?? '/', 'http://local').pathname.split('/')[4];
  const passed = passedOf(details);
  if (req.method === 'GET' && action === 'abort')
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: '用户取消了登录' },
      { mergeWithLastSubmission: false },
    );
  if (details.prompt.name !== 'login')
    return answer(res, 400, messagePage('无法登录', '登录请求无效，请重新进入工作平台登录。'));
  if (req.method === 'GET') {
    if (passed?.step === 'password') return answer(res, 200, passwordPage(details.uid));
    if (passed?.step === 'enrol') return enrol(details, res, passed);
    return answer(res, 200, loginPage(details.uid));
  }
  if (req.method !== 'POST') return answer(res, 405, messagePage('无法登录', '请求方式不正确。'));
  if (action === 'login') return login(provider, details, req, res);
  if (action === 'password' && passed?.step === 'password') {
    if (!(await changePassword(details, passed, req, res))) return;
    const credential = await getCredential(passed.username);
    return credential?.totpSecret ? finish(provider, req, res, passed.username) : enrol(details, res, passed);
  }
  if (action === 'enrol' && passed?.step === 'enrol' && passed.secret) {
    const code = ((await formOf(req)).get('code') ?? '').replace(/\s/g, '');
    if (!(await codeTaken(passed.username, passed.secret, code)))
      return enrol(details, res, passed, '动态口令不正确，请输入应用当前显示的 6 位数字。');
    if (!(await updateCredential(passed.username, passed.generation, { totpSecret: passed.secret })))
      return changedMeanwhile(details, res);
    log.info('staff second factor enrolled');
    return finish(provider, req, res, passed.username);
  }
  return answer(res, 200, loginPage(details.uid));
}
