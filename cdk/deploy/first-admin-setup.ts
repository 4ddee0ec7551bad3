/**
 * The county's root agency and its first administrator, in the deployed table and identity
 * provider: what a deployment needs before anyone can sign in. Idempotent: what exists is kept, and
 * a run that stopped half-way is finished by the next. The table and provider come from the
 * environment (TABLE_NAME, STAFF_PROVIDER, USER_POOL_ID), which the command sets from the stack's outputs.
 */
import { type Agency, agencyProblems } from '#core/agency.ts';
import { agencyProfileTargets } from '#core/site-plan.ts';
import { staffDirectory, type Invitation } from '#admin/directory.ts';
import { createAgency, getAgency, listAgencies } from '#store/agencies.ts';
import { activateStaff, getStaff, releaseStaff, reserveStaff } from '#store/staff.ts';

export interface FirstAdministrator {
  county: { id: string; name: string; code: string };
  admin: { username: string; name: string; email: string };
}

export interface SetUpResult {
  agency: 'created' | 'exists';
  admin: 'created' | 'exists';
  invitation?: Invitation;
}

const audit = (action: string) => ({ by: 'system', action });

export async function setUpFirstAdministrator({ county, admin }: FirstAdministrator): Promise<SetUpResult> {
  let agencyResult: SetUpResult['agency'] = 'exists';
  const existing = await getAgency(county.id);
  if (existing && existing.kind !== 'county') throw new Error(`机关「${county.id}」已存在，但不是县人民政府。`);
  if (!existing) {
    const agency: Agency = {
      id: county.id,
      name: county.name,
      kind: 'county',
      parentId: null,
      code: county.code,
      order: 1,
      acceptsApplications: true,
    };
    const problems = agencyProblems(agency, await listAgencies());
    if (problems.length) throw new Error(problems.map((p) => p.message).join('；'));
    const saved = await createAgency(agency, audit('新建机关'), agencyProfileTargets(agency));
    if (typeof saved === 'string') throw new Error(`不能新建机关「${county.id}」（${saved}），请检查后重试。`);
    agencyResult = 'created';
  }

  const member = await getStaff(admin.username);
  if (member && !member.pending) {
    if (member.agencyId !== county.id || !member.roles.includes('admin'))
      throw new Error(`用户名「${admin.username}」已被其他机关或角色的账号使用。`);
    return { agency: agencyResult, admin: 'exists' };
  }
  const reserved = await reserveStaff({
    username: admin.username,
    name: admin.name,
    email: admin.email,
    agencyId: county.id,
    roles: ['admin'],
  });
  if (reserved === 'exists') return { agency: agencyResult, admin: 'exists' };
  const directory = await staffDirectory();
  let invitation: Invitation;
  try {
    invitation = await directory.create({ ...admin, agencyId: county.id, roles: ['admin'] });
  } catch (error) {
    await releaseStaff(admin.username);
    throw error;
  }
  await activateStaff(reserved, audit('新建账号'));
  return { agency: agencyResult, admin: 'created', invitation };
}
