/**
 * Who may do what, and where: a member of staff's standing towards an agency, and what it allows
 * with each kind of record. Pure: handlers load the agencies and ask. The route table says which
 * roles may call a route at all; this says, for the agency a request names, what those roles may do.
 */
import { type AgencyKind, isGovernment } from './agency.ts';
import type { Role, StaffIdentity } from './staff.ts';

export interface AgencyPlace {
  id: string;
  kind: AgencyKind;
  parentId: string | null;
}

/**
 * `own`: the agency the staff member belongs to. `overseer`: a government's staff towards the
 * agencies directly under it (条例 §3: each government's 政府信息公开工作主管部门 oversees its
 * departments and the governments below it; a county its departments and towns). `none`: any other.
 */
export type Standing = 'own' | 'overseer' | 'none';

export function standing(staff: Pick<StaffIdentity, 'agencyId'>, agency: AgencyPlace, home?: AgencyPlace): Standing {
  if (isOwn(staff, agency.id)) return 'own';
  return home?.id === staff.agencyId && governs(home) && agency.parentId === home.id ? 'overseer' : 'none';
}

/** The staff member's own agency: where steps are taken and records written. */
export const isOwn = (staff: Pick<StaffIdentity, 'agencyId'>, agencyId: string) => agencyId === staff.agencyId;

export const hasRole = (staff: Pick<StaffIdentity, 'roles'>, ...roles: Role[]) =>
  staff.roles.some((role) => roles.includes(role));

/** Handlers and reviewers do the agency's work; an administrator alone only administers. */
const works = (staff: Pick<StaffIdentity, 'roles'>) => hasRole(staff, 'handler', 'reviewer');

/**
 * 依申请公开: the agency's handlers and reviewers read its applications in full and take steps; its
 * administrators read them with personal data masked; the county's administrators read the towns'
 * and departments' the same way.
 */
export function applicationAccess(staff: Pick<StaffIdentity, 'roles'>, where: Standing) {
  const own = where === 'own';
  return {
    read: own || (where === 'overseer' && hasRole(staff, 'admin')),
    personalData: own && works(staff),
    act: own && works(staff),
  };
}

/** 主动公开: each agency's own staff only; a handler writes and submits, a reviewer approves (see `publication.ts`). */
export function publicationAccess(staff: Pick<StaffIdentity, 'roles'>, where: Standing) {
  const own = where === 'own';
  return { read: own, create: own && hasRole(staff, 'handler') };
}

/**
 * 年度报告: an agency's handlers and reviewers compile and submit its own; a government's reviewers
 * review those of the agencies under it and the government's own; administrators import an earlier year's.
 */
export function reportAccess(staff: Pick<StaffIdentity, 'roles'>, where: Standing, agency: AgencyPlace) {
  const own = where === 'own';
  return {
    read: own || where === 'overseer',
    compile: own && works(staff),
    review: (where === 'overseer' || (own && governs(agency))) && hasRole(staff, 'reviewer'),
    // Importing a past report publishes it: a government's administrators only (a town's own would skip review).
    archive: (where === 'overseer' || (own && governs(agency))) && hasRole(staff, 'admin'),
  };
}

/** A government oversees the agencies directly under it: their reports' overview, their 工作统计. */
export const governs = (home?: Pick<AgencyPlace, 'kind'>) => home !== undefined && isGovernment(home.kind);

/**
 * Work across every agency of the portal (rebuilding the site, recounting, 自查, setting up
 * agencies, the calendar): the staff of its top government (a county portal's county, a province's province).
 */
export const countyWide = (home?: AgencyPlace) => home !== undefined && governs(home) && home.parentId === null;

/**
 * 机构管理 and 人员管理: the top government's administrators set up agencies; a government's
 * administrators manage the staff of their own agency and of the agencies directly under it, with
 * any roles; any other agency's own administrators manage its handlers and reviewers, never an
 * administrator's account and never the administrator role. Nobody disables their own account or
 * takes away their own administration (the platform would be left with no one to undo it).
 */
export function administrationAccess(staff: Pick<StaffIdentity, 'roles'>, where: Standing, home?: AgencyPlace) {
  const admin = hasRole(staff, 'admin');
  const county = admin && countyWide(home);
  return {
    agencies: county,
    // `overseer` is a government's standing only: anyone else's administrators reach their own agency.
    accounts: admin && where !== 'none',
    grantable: (admin && governs(home) ? ['handler', 'reviewer', 'admin'] : ['handler', 'reviewer']) as Role[],
    log: county,
    /** The working calendar is the county's: every agency's deadlines follow it. */
    calendar: county,
  };
}

export type AccountChangeRefusal = 'role' | 'admin-account' | 'self';

/** Whether the change to `target` (with roles `next` and disabled or not) is the caller's to make. */
export function accountChangeRefusal(
  staff: Pick<StaffIdentity, 'username' | 'roles'>,
  grantable: readonly Role[],
  target: { username: string; roles: readonly Role[] } | undefined,
  next: { roles: readonly Role[]; disabled?: boolean },
): AccountChangeRefusal | undefined {
  if (target?.roles.some((role) => !grantable.includes(role))) return 'admin-account';
  if (next.roles.some((role) => !grantable.includes(role))) return 'role';
  if (target?.username === staff.username && (next.disabled || !next.roles.includes('admin'))) return 'self';
  return undefined;
}
