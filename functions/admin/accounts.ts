/** 人员管理: staff accounts, their roles and sign-in, each change audited. */
import { accountChangeRefusal, type AccountChangeRefusal } from '#core/access.ts';
import { type Role, roleLabels, roles } from '#core/staff.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { conflict, forbidden, notFound, stale } from '#lib/errors.ts';
import { getAgency, type StoredAgency } from '#store/agencies.ts';
import {
  activateStaff,
  getStaff,
  listAgencyStaff,
  lastSignIns,
  listSignIns,
  releaseStaff,
  reserveStaff,
  type StaffMember,
  updateStaff,
} from '#store/staff.ts';
import { openWorkOf } from '#store/open-work.ts';
import { clearSignInLimits as clearLimits, failuresOf, signInLimitsOf } from '#store/sign-in-guard.ts';
import { administering } from './agencies.ts';
import { type Account, staffDirectory } from './directory.ts';
import type { UserCreateInput, UserUpdateInput } from './schemas.ts';

const roleViews = (list: readonly Role[]) => list.map((role) => ({ role, label: roleLabels[role] }));

export const userView = (member: StaffMember, lastSignInAt?: string, signInFailures?: number) => ({
  username: member.username,
  name: member.name,
  agencyId: member.agencyId,
  email: member.email ?? '',
  phone: member.phone ?? '',
  roles: roleViews(member.roles),
  disabled: Boolean(member.disabled),
  ...(member.createdAt && { createdAt: member.createdAt }),
  ...(lastSignInAt && { lastSignInAt }),
  ...(signInFailures && { signInFailures }),
  version: member.version ?? 0,
});

/** Whether the platform's own sign-in (and so its limits on guessing) holds the accounts. */
const platformSignIn = async () => (await staffDirectory()).provider === 'platform';

async function withLastSignIns(members: StaffMember[]) {
  const usernames = members.map((m) => m.username);
  const [last, failures] = await Promise.all([
    lastSignIns(usernames),
    (await platformSignIn()) ? failuresOf(usernames) : new Map<string, number>(),
  ]);
  return members.map((m) => userView(m, last.get(m.username), failures.get(m.username)));
}

const refusals: Record<AccountChangeRefusal, string> = {
  role: '您只能授予经办人或审核人角色；管理员角色由县级管理员授予。',
  'admin-account': '该账号具有管理员角色，只有县级管理员可以修改。',
  self: '您不能停用自己的账号或取消自己的管理员角色，请由其他管理员操作。',
};

/** The agency the caller may manage the staff of, or a 403 naming why not. */
async function managing(staff: StaffIdentity, agencyId: string) {
  const { home, access } = await administering(staff);
  const agency: StoredAgency | undefined = agencyId === home.id ? home : await getAgency(agencyId);
  if (!agency) throw notFound('未找到该机关。');
  const allowed = access(agency);
  if (!allowed.accounts) throw forbidden('您只能管理本机关的工作人员账号。');
  return { agency, grantable: allowed.grantable, home };
}

const accountOf = (member: StaffMember): Account => ({
  username: member.username,
  name: member.name,
  ...(member.email && { email: member.email }),
  agencyId: member.agencyId,
  roles: member.roles,
});

export async function listUsers(staff: StaffIdentity, agencyId = staff.agencyId) {
  const { agency, grantable, home } = await managing(staff, agencyId);
  // Its own agency and the one shown: the others are reached from 机构管理, a page at a time.
  const shown = agency.id === home.id ? [home] : [home, agency];
  return {
    agency: { id: agency.id, name: agency.name },
    agencies: shown.map((a) => ({ id: a.id, name: a.name })),
    users: await withLastSignIns((await listAgencyStaff(agency.id)).filter((m) => !m.pending)),
    grantable: roleViews(grantable),
    roles: roleViews(roles),
    provider: (await staffDirectory()).provider,
  };
}

async function target(staff: StaffIdentity, username: string) {
  const member = await getStaff(username, true);
  if (!member || member.pending) throw notFound('未找到该账号。');
  const { agency, grantable } = await managing(staff, member.agencyId);
  return { member, agency, grantable };
}

export async function getUser(staff: StaffIdentity, username: string) {
  const { member, grantable } = await target(staff, username);
  const [signIns, openWork, limits] = await Promise.all([
    listSignIns(username),
    openWorkOf(member),
    (await platformSignIn()) ? signInLimitsOf(username) : undefined,
  ]);
  return {
    user: userView(member, signIns[0], limits?.failures),
    signIns,
    openWork,
    ...(limits && { signInLimits: limits }),
    can: { edit: !accountChangeRefusal(staff, grantable, member, { roles: member.roles }) },
    grantable: roleViews(grantable),
  };
}

export async function createUser(input: UserCreateInput, staff: StaffIdentity) {
  const { grantable } = await managing(staff, input.agencyId);
  const refusal = accountChangeRefusal(staff, grantable, undefined, { roles: input.roles });
  if (refusal) throw forbidden(refusals[refusal]);
  const member: StaffMember = {
    username: input.username,
    name: input.name.trim(),
    agencyId: input.agencyId,
    roles: [...new Set(input.roles)],
    email: input.email.trim(),
    ...(input.phone?.trim() && { phone: input.phone.trim() }),
  };
  const reserved = await reserveStaff(member);
  if (reserved === 'exists') throw conflict(`用户名「${member.username}」已被使用，请换一个。`, 'already-exists');
  const directory = await staffDirectory();
  let invitation: Awaited<ReturnType<typeof directory.create>>;
  try {
    invitation = await directory.create(accountOf(member));
  } catch (error) {
    await releaseStaff(member.username);
    throw error;
  }
  const live = await activateStaff(reserved, { by: staff.username, action: '新建账号' });
  return { username: live.username, user: userView(live), invitation };
}

export async function updateUser(username: string, input: UserUpdateInput, staff: StaffIdentity) {
  const { member, grantable } = await target(staff, username);
  if ((member.version ?? 0) !== input.version) throw stale('该账号已被他人修改，请刷新后重试。');
  const next: StaffMember = {
    ...member,
    name: input.name.trim(),
    phone: input.phone?.trim() || undefined,
    roles: [...new Set(input.roles)],
    disabled: input.disabled || undefined,
  };
  const refusal = accountChangeRefusal(staff, grantable, member, { roles: next.roles, disabled: input.disabled });
  if (refusal) throw forbidden(refusals[refusal]);
  const disabling = !member.disabled && input.disabled;
  const enabling = member.disabled && !input.disabled;
  const action = disabling
    ? '停用账号'
    : enabling
      ? '启用账号'
      : member.roles.join() !== next.roles.join()
        ? '变更角色'
        : '修改账号信息';
  // The profile first: a disabled account is refused from this moment, whatever the provider does next.
  const saved = await updateStaff(member, next, { by: staff.username, action });
  if (saved === 'stale') throw stale('该账号已被他人修改，请刷新后重试。');
  const directory = await staffDirectory();
  await directory.update(accountOf(saved));
  if (disabling || enabling) await directory.setDisabled(username, Boolean(input.disabled));
  return { user: userView(saved), ...(disabling && { openWork: await openWorkOf(saved) }) };
}

export async function resetPassword(username: string, staff: StaffIdentity) {
  const { member, grantable } = await target(staff, username);
  const refusal = accountChangeRefusal(staff, grantable, member, { roles: member.roles });
  if (refusal && refusal !== 'self') throw forbidden(refusals[refusal]);
  if (member.disabled) throw conflict('该账号已停用，请先启用再重置密码。');
  const invitation = await (await staffDirectory()).resetPassword(accountOf(member));
  await updateStaff(member, member, { by: staff.username, action: '重置密码' });
  return { invitation };
}

/** 解除登录限制: the account's failures and every source's wait cleared, by an administrator who may manage it. */
export async function clearSignInLimits(username: string, staff: StaffIdentity) {
  const { member, grantable } = await target(staff, username);
  const refusal = accountChangeRefusal(staff, grantable, member, { roles: member.roles });
  if (refusal && refusal !== 'self') throw forbidden(refusals[refusal]);
  if (!(await platformSignIn())) throw conflict('本平台使用统一身份认证服务登录，登录限制由该服务管理。');
  await clearLimits(username, member.agencyId, staff.username);
  return { signInLimits: await signInLimitsOf(username) };
}
