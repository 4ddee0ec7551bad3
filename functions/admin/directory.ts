/**
 * Staff identity behind one interface with two providers: Cognito where AWS has it, and the
 * platform's own OpenID provider (its accounts' credentials in the table) where it does not (the
 * China regions) and locally. The staff profile in the table stays the authority for agency,
 * roles and whether an account may act; the provider holds the sign-in.
 */
import type { Role } from '#core/staff.ts';
import { env, requireEnv } from '#lib/config.ts';
import { hashPassword, temporaryPassword } from '#lib/passwords.ts';
import { endSessions, putCredential, resetCredential } from '#store/credentials.ts';

export interface Account {
  username: string;
  name: string;
  email?: string;
  agencyId: string;
  roles: Role[];
}

/** How the new member of staff learns how to sign in. */
export interface Invitation {
  provider: StaffDirectory['provider'];
  /** Shown once to the administrator, who hands it over (the platform's own provider only). */
  temporaryPassword?: string;
  message: string;
}

export interface StaffDirectory {
  readonly provider: 'cognito' | 'platform';
  /** Creates the sign-in; an account left by an earlier attempt that failed half-way is taken over. */
  create(account: Account): Promise<Invitation>;
  /** Brings the provider's copy of name, agency and roles in line with the profile. */
  update(account: Account): Promise<void>;
  /** Disabling also ends the account's sessions and refresh tokens. */
  setDisabled(username: string, disabled: boolean): Promise<void>;
  resetPassword(account: Account): Promise<Invitation>;
}

const handOver = (password: string): Invitation => ({
  provider: 'platform',
  temporaryPassword: password,
  message: '临时密码仅显示这一次，请当面或通过安全渠道交给本人；登录时须修改密码并绑定动态口令。',
});

/** The platform's own provider: the credential item the sign-in function checks. */
export const platformDirectory: StaffDirectory = {
  provider: 'platform',
  async create(account) {
    const password = temporaryPassword();
    await putCredential({
      username: account.username,
      passwordHash: await hashPassword(password),
      mustChange: true,
      generation: 1,
      updatedAt: new Date().toISOString(),
    });
    return handOver(password);
  },
  async update() {
    // Name, agency and roles are read from the profile at sign-in: nothing else to bring in line.
  },
  async setDisabled(username) {
    // The profile refuses a disabled account on every request; ending its sessions makes the sign-in refuse it too.
    await endSessions(username);
  },
  async resetPassword(account) {
    const password = temporaryPassword();
    await resetCredential(account.username, await hashPassword(password));
    return handOver(password);
  },
};

/** The provider this deployment uses (the stack sets it; the platform's own when unset). */
export async function staffDirectory(): Promise<StaffDirectory> {
  if (process.env[env.staffProvider] !== 'cognito') return platformDirectory;
  const { cognitoDirectory } = await import('./directory-cognito.ts');
  return cognitoDirectory(requireEnv(env.userPoolId));
}
