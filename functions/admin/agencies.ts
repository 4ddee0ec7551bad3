/** 机构管理: the top government's administrators set up the portal's agencies, a page at a time. */
import { administrationAccess, standing } from '#core/access.ts';
import {
  type Agency,
  type AgencyKind,
  agencyKindLabels,
  agencyKinds,
  agencyProblems,
  contactLabels,
  isActive,
  siteIdentityLabels,
} from '#core/agency.ts';
import { agencyProfileTargets } from '#core/site-plan.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { openStatuses } from '#core/workflow.ts';
import { badRequest, conflict, forbidden, notFound, stale } from '#lib/errors.ts';
import { queuedFor } from '#lib/route-schemas.ts';
import {
  agencyHoldingCode,
  agencyPage,
  createAgency as storeCreate,
  getAgency,
  hasApplicationsIn,
  type StoredAgency,
  topAgency,
  updateAgency as storeUpdate,
} from '#store/agencies.ts';
import type { AgencyCreateInput, AgencyUpdateInput } from './schemas.ts';

const emptyContact = { address: '', postcode: '', phone: '', fax: '', email: '', officeHours: '' };

export const agencyView = (agency: StoredAgency) => ({
  id: agency.id,
  name: agency.name,
  ...(agency.shortName && { shortName: agency.shortName }),
  kind: agency.kind,
  kindLabel: agencyKindLabels[agency.kind],
  parentId: agency.parentId,
  code: agency.code,
  order: agency.order,
  acceptsApplications: agency.acceptsApplications,
  ...(agency.vertical && { vertical: true }),
  ...(agency.superior && { superior: agency.superior }),
  ...(agency.receiptCutoff && { receiptCutoff: agency.receiptCutoff }),
  contact: { ...emptyContact, ...agency.contact },
  site: { ...agency.site },
  active: isActive(agency),
  version: agency.version,
});

/** The caller's agency and what administration it allows. */
export async function administering(staff: StaffIdentity) {
  const home = await getAgency(staff.agencyId);
  if (!home) throw forbidden('未找到您所属的机关。');
  return { home, access: (agency: StoredAgency) => administrationAccess(staff, standing(staff, agency, home), home) };
}

const choices = () => ({
  kinds: agencyKinds.map((kind) => ({ value: kind, label: agencyKindLabels[kind] })),
  contactFields: Object.entries(contactLabels).map(([value, label]) => ({ value, label })),
  siteFields: Object.entries(siteIdentityLabels).map(([value, label]) => ({ value, label })),
});

/**
 * A page of the portal's agencies, in portal order: those directly under `parentId` (with it), those
 * of one kind, or all, for the top government's administrators; its own profile for any other
 * agency's administrator (to manage its staff).
 */
export async function listAgencies(
  staff: StaffIdentity,
  query: { parentId?: string; kind?: AgencyKind; limit?: number; cursor?: string } = {},
) {
  const { home, access } = await administering(staff);
  const county = access(home).agencies;
  const [page, parent] = county
    ? await Promise.all([
        agencyPage({ parentId: query.parentId, kind: query.kind }, { limit: query.limit ?? 50, cursor: query.cursor }),
        query.parentId ? getAgency(query.parentId) : undefined,
      ])
    : [{ items: [home], next: null }, undefined];
  return {
    agencies: page.items.map(agencyView),
    next: page.next,
    ...(parent && { parent: agencyView(parent) }),
    ...choices(),
    can: { create: county, edit: county },
  };
}

/** One agency's profile: any, for the top government's administrators; their own, for any other agency's. */
export async function getManagedAgency(agencyId: string, staff: StaffIdentity) {
  const { home, access } = await administering(staff);
  const county = access(home).agencies;
  if (!county && agencyId !== home.id) throw forbidden('您只能查看本机关的信息。');
  const agency = await getAgency(agencyId);
  if (!agency) throw notFound('未找到该机关。');
  return { agency: agencyView(agency), ...choices(), can: { create: county, edit: county } };
}

/**
 * The agencies the rules of `agencyProblems` need to judge `agency` by, read by key whatever the
 * portal holds: the top government, the one holding its code, the chain of governments above it (a
 * cycle shows there), and one agency under it of each kind (those it could no longer hold).
 */
async function neighbours(agency: Agency): Promise<StoredAgency[]> {
  const chain: StoredAgency[] = [];
  for (let id = agency.parentId; id && id !== agency.id && chain.length < 10; ) {
    const parent = await getAgency(id);
    if (!parent) break;
    chain.push(parent);
    id = parent.parentId;
  }
  const [top, holder, under] = await Promise.all([
    topAgency(),
    agencyHoldingCode(agency.code),
    Promise.all(agencyKinds.map((kind) => agencyPage({ parentId: agency.id, kind }, { limit: 1 }))),
  ]);
  const found = [...(top ? [top] : []), ...(holder ? [holder] : []), ...chain, ...under.flatMap((page) => page.items)];
  return [...new Map(found.filter((a) => a.id !== agency.id).map((a) => [a.id, a])).values()];
}

const refuseProblems = (agency: Agency, others: Agency[]) => {
  const problems = agencyProblems(agency, others);
  if (problems.length)
    throw badRequest(
      `请求内容有误：${problems.map((p) => p.message).join('；')}`,
      problems.map((p) => ({ field: `body.${p.field}`, message: p.message })),
    );
};

const profileOf = (input: Omit<AgencyCreateInput, 'id'>) => ({
  name: input.name.trim(),
  ...(input.shortName?.trim() && { shortName: input.shortName.trim() }),
  kind: input.kind,
  parentId: input.parentId || null,
  code: input.code,
  order: input.order,
  acceptsApplications: input.acceptsApplications,
  ...(input.vertical && input.kind === 'department' && { vertical: true }),
  ...(input.superior?.trim() && { superior: input.superior.trim() }),
  ...(input.receiptCutoff && { receiptCutoff: input.receiptCutoff }),
  contact: input.contact,
  ...(input.site &&
    Object.values(input.site).some((v) => v?.trim()) && {
      site: Object.fromEntries(
        Object.entries(input.site)
          .map(([k, v]) => [k, v?.trim()])
          .filter(([, v]) => v),
      ),
    }),
});

/** The footer's fields an agency sets, compared by value. */
const siteIdentityOf = (agency: Pick<Agency, 'site'>) =>
  JSON.stringify(
    (Object.keys(siteIdentityLabels) as (keyof typeof siteIdentityLabels)[]).map((k) => agency.site?.[k]?.trim() ?? ''),
  );

const onlyCounty = () => forbidden('只有县级管理员可以新建或修改机关。');

export async function createAgency(input: AgencyCreateInput, staff: StaffIdentity) {
  const { home, access } = await administering(staff);
  if (!access(home).agencies) throw onlyCounty();
  const agency: Agency = { id: input.id, ...profileOf(input) };
  if (await getAgency(agency.id)) throw conflict(`机关标识「${agency.id}」已被使用，请换一个。`, 'already-exists');
  refuseProblems(agency, await neighbours(agency));
  const targets = agencyProfileTargets(agency);
  const saved = await storeCreate(agency, { by: staff.username, action: '新建机关' }, targets);
  if (saved === 'exists' || saved === 'stale')
    throw conflict(`机关标识「${agency.id}」已被使用，请换一个。`, 'already-exists');
  if (saved === 'code') throw conflict(`机关代码「${agency.code}」已被其他机关使用。`, 'already-exists');
  return { id: agency.id, agency: agencyView(saved), site: queuedFor(targets) };
}

export async function updateAgency(agencyId: string, input: AgencyUpdateInput, staff: StaffIdentity) {
  const { home, access } = await administering(staff);
  if (!access(home).agencies) throw onlyCounty();
  const before = await getAgency(agencyId, true);
  if (!before) throw notFound('未找到该机关。');
  if (before.version !== input.version) throw stale('该机关的信息已被他人修改，请刷新后重试。');
  const next: Agency = { id: agencyId, ...profileOf(input), ...(!input.active && { active: false }) };
  refuseProblems(next, await neighbours(next));
  const stopping = (isActive(before) && !input.active) || (before.acceptsApplications && !input.acceptsApplications);
  if (stopping && before.parentId === null && !input.active)
    throw conflict(`${before.name}是本平台的最上级机关，不能停用。`);
  if (stopping && (await hasApplicationsIn(agencyId, openStatuses)))
    throw conflict(
      `${before.name}尚有未办结的依申请公开申请，不能${input.active ? '停止受理' : '停用'}。请先办结这些申请。`,
    );
  const action =
    isActive(before) && !input.active ? '停用机关' : !isActive(before) && input.active ? '启用机关' : '修改机关信息';
  // Its site identity is in the footer of every page of its column (of the whole site, for the top
  // government): a change of it rewrites them all.
  const footer = siteIdentityOf(before) !== siteIdentityOf(next);
  const targets = [...agencyProfileTargets(next, before), ...(footer ? [{ kind: 'footer' as const, agencyId }] : [])];
  const saved = await storeUpdate(before, next, { by: staff.username, action }, targets);
  if (saved === 'stale' || saved === 'exists') throw stale('该机关的信息已被他人修改，请刷新后重试。');
  if (saved === 'code') throw conflict(`机关代码「${next.code}」已被其他机关使用。`, 'already-exists');
  return { agency: agencyView(saved), site: queuedFor(targets) };
}
