import { remedyDefaults } from './reconsideration.ts';

/**
 * The kinds of agency a portal hosts (条例27: local governments and their departments): a county
 * portal has its county, departments and towns; a province's has the province, its cities, their
 * counties, and each government's departments.
 */
export const agencyKinds = ['province', 'city', 'county', 'department', 'town'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const agencyKindLabels: Record<AgencyKind, string> = {
  province: '省人民政府',
  city: '市人民政府',
  county: '县人民政府',
  department: '政府部门',
  town: '乡镇人民政府',
};

/** The people's governments (县级以上地方人民政府): each oversees the departments and governments directly under it. */
export const governmentKinds = ['province', 'city', 'county'] as const satisfies readonly AgencyKind[];
export const isGovernment = (kind: AgencyKind) => (governmentKinds as readonly AgencyKind[]).includes(kind);

/** What each kind may sit under (none: the portal's top, which has no parent). */
const parentKinds: Record<AgencyKind, readonly AgencyKind[]> = {
  province: [],
  city: ['province'],
  county: ['city', 'province'],
  department: governmentKinds,
  town: ['county'],
};

export interface Agency {
  id: string;
  name: string;
  /** As a list or a letterhead abbreviates it (露水河镇); the name when not given. */
  shortName?: string;
  kind: AgencyKind;
  /** The agency it reports to (a town or department to its county, a county to its city); null for the portal's top government. */
  parentId: string | null;
  /** Portal order among the agencies under the same parent: the government first, then its departments, then what lies under it. */
  order: number;
  acceptsApplications: boolean;
  /** Short code in receipt numbers (LSH-2026-00012): capital letters, unique on the portal. */
  code: string;
  /** Online submissions at or after this Beijing time (HH:MM) are received the next working day. */
  receiptCutoff?: string;
  letters?: LetterSettings;
  publishing?: PublishingSettings;
  /** The office's contacts: the 指南, the column's footer and (where the template leaves them out) the letters. */
  contact?: AgencyContact;
  /** false: deactivated. Its records stay (and its column on the site); it takes no new applications. */
  active?: boolean;
  /** Who runs the site, for the footer (the county's for every page; an agency's own fields override it on its column). */
  site?: Partial<SiteIdentity>;
  /** Vertically managed (海关、金融、外汇管理, 税务, 国家安全机关): reviewed by its superior department (行政复议法第二十七条). */
  vertical?: boolean;
  /** The body above it by name: a vertical agency's superior department, or the county's next-level government (白山市人民政府). */
  superior?: string;
}

/**
 * What a government site's footer names (政府网站发展指引, 国办发〔2017〕47号): each configurable, left
 * out when not set, never invented.
 */
export interface SiteIdentity {
  sponsor: string;
  organiser: string;
  siteCode: string;
  icp: string;
  police: string;
}
export const siteIdentityLabels: Record<keyof SiteIdentity, string> = {
  sponsor: '主办单位',
  organiser: '承办单位',
  siteCode: '网站标识码',
  icp: 'ICP备案号',
  police: '公安机关备案号',
};

/** What every public page says of the site it belongs to: the government, who runs it, where. */
export interface SiteContext {
  /** 抚松县人民政府: page titles end with it; SiteName names it. */
  government: string;
  identity: Partial<SiteIdentity>;
  /** The site's host (SiteDomain), empty when not known. */
  domain: string;
  /** 联系我们: the guide of the page's agency (its contacts), or the county's. */
  contact: string;
}

/**
 * The site context of a page of `agencyId`'s column (none: a portal page), the portal's top
 * government's settings by default (a county portal's county, a province's province). `agencies`
 * need hold only that government and the page's agency.
 */
export function siteContextFor(
  agencies: readonly Agency[],
  agencyId: string | undefined,
  siteUrl: string,
): SiteContext {
  const top = agencies.find((a) => a.parentId === null);
  const own = agencyId ? agencies.find((a) => a.id === agencyId) : undefined;
  const identity: Partial<SiteIdentity> = {};
  for (const key of Object.keys(siteIdentityLabels) as (keyof SiteIdentity)[]) {
    const value = own?.site?.[key]?.trim() || top?.site?.[key]?.trim();
    if (value) identity[key] = value;
  }
  let domain = '';
  try {
    domain = siteUrl ? new URL(siteUrl).host : '';
  } catch {}
  const contactOf = own ?? top;
  return {
    government: top?.name ?? '',
    identity,
    domain,
    contact: contactOf ? `/${contactOf.id}/guide.html` : '/',
  };
}

export interface AgencyContact {
  address: string;
  postcode: string;
  phone: string;
  fax: string;
  email: string;
  officeHours: string;
}

export const contactLabels: Record<keyof AgencyContact, string> = {
  address: '办公地址',
  postcode: '邮政编码',
  phone: '联系电话',
  fax: '传真',
  email: '电子邮箱',
  officeHours: '办公时间',
};

export const isActive = (agency: Pick<Agency, 'active'>) => agency.active !== false;
/** On the application form: active and accepting applications. */
export const takesApplications = (agency: Pick<Agency, 'active' | 'acceptsApplications'>) =>
  isActive(agency) && agency.acceptsApplications;

/** Receipt numbers carry the code (LSH-2026-00012): two to eight capital letters. */
export const agencyCodePattern = /^[A-Z]{2,8}$/;
/** The agency's id, in its site addresses (/agencies/<id>/): lower-case letters, digits and hyphens. */
export const agencyIdPattern = /^[a-z][a-z0-9-]{1,39}$/;

export type AgencyProblem = { field: keyof Agency | 'id'; message: string };

/**
 * What is wrong with an agency as it would be saved, among the others on the portal (the
 * directory without it): a code already used, a parent that is missing, itself or beneath it, or
 * of a kind it cannot sit under (a town under its county, a county under its city or province, a
 * department under a government), a second top government, or subordinates it could no longer hold.
 */
export function agencyProblems(agency: Agency, others: readonly Agency[]): AgencyProblem[] {
  const problems: AgencyProblem[] = [];
  const byId = new Map(others.map((a) => [a.id, a]));
  const label = agencyKindLabels[agency.kind];
  if (!agencyCodePattern.test(agency.code))
    problems.push({ field: 'code', message: '机关代码：应为 2 至 8 位大写字母（用于受理编号，如 LSH）' });
  else if (others.some((a) => a.code === agency.code))
    problems.push({ field: 'code', message: `机关代码：「${agency.code}」已被其他机关使用` });
  const subordinate = others.find((a) => a.parentId === agency.id && !parentKinds[a.kind].includes(agency.kind));
  if (subordinate)
    problems.push({
      field: 'kind',
      message: `机关类别：该机关有下属的${agencyKindLabels[subordinate.kind]}（${subordinate.name}），不能改为${label}`,
    });
  if (agency.parentId === null) {
    const top = others.find((a) => a.parentId === null);
    if (!isGovernment(agency.kind)) problems.push({ field: 'parentId', message: '上级机关：请选择' });
    else if (top)
      problems.push({ field: 'kind', message: `机关类别：本平台的最上级机关是${top.name}，${label}应设在其下` });
    return problems;
  }
  const seen = new Set([agency.id]);
  for (let id: string | null = agency.parentId; id; id = byId.get(id)?.parentId ?? null) {
    if (seen.has(id)) {
      problems.push({ field: 'parentId', message: '上级机关：不能选择本机关或其下属机关（形成循环）' });
      return problems;
    }
    seen.add(id);
  }
  const parent = byId.get(agency.parentId);
  if (!parent) problems.push({ field: 'parentId', message: '上级机关：不存在' });
  else if (!parentKinds[agency.kind].includes(parent.kind))
    problems.push({
      field: 'parentId',
      message: `上级机关：${label}应隶属于${parentKinds[agency.kind].map((k) => agencyKindLabels[k]).join('或') || '（无上级）'}，不能设在${agencyKindLabels[parent.kind]}之下`,
    });
  return problems;
}

/** How the agency's 索引号 are made: a pattern such as `{code}/{YYYY}-{NNNNN}` and its organisation code. */
export interface PublishingSettings {
  indexPattern: string;
  orgCode: string;
}

/**
 * What an agency's letters carry (its template): the prefix of its letter numbers (露政公 in
 * 露政公复〔2026〕3号), the body that hears reconsideration and the court of the remedy clause, how
 * to pay a fee, and the office's contacts. Administrators edit these; letters keep what they said.
 */
export interface LetterSettings {
  prefix: string;
  reconsiderationBody: string;
  /** Why the body differs from the one the law gives by default (remedyDefaults); absent when it does not. */
  reconsiderationNote?: string;
  court: string;
  payment: string;
  office: string;
  address: string;
  phone: string;
  /** The office's e-mail: where reminders (such as the annual report's) go. */
  email?: string;
}

/**
 * What the settings form offers until an administrator confirms it: the 复议机关 and court the law
 * gives the agency's kind and place (remedyDefaults), the office's contacts. No letter prefix is
 * guessed (a department once borrowed the county's 抚政公): the administrator enters it, and no
 * letter is issued before the settings are confirmed (`agency.letters` saved).
 */
export const defaultLetterSettings = (
  agency: Pick<Agency, 'name' | 'contact' | 'kind' | 'parentId' | 'vertical' | 'superior'>,
  directory: readonly Agency[],
): LetterSettings => {
  const remedy = remedyDefaults(agency, directory);
  return {
    prefix: '',
    reconsiderationBody: remedy.reconsiderationBody ?? '',
    court: remedy.court ?? '',
    payment: '请持本通知书到本机关政府信息公开工作机构缴纳，或按本机关告知的方式缴纳',
    office: `${agency.name}政府信息公开工作机构`,
    address: agency.contact?.address ?? '',
    phone: agency.contact?.phone ?? '',
    ...(agency.contact?.email && { email: agency.contact.email }),
  };
};
