/** The kinds of agency a county portal hosts (条例27: local governments and county-level departments). */
export const agencyKinds = ['county', 'department', 'town'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

export const agencyKindLabels: Record<AgencyKind, string> = {
  county: '县人民政府',
  department: '县政府部门',
  town: '乡镇人民政府',
};

export interface Agency {
  id: string;
  name: string;
  kind: AgencyKind;
  /** The agency it reports to (a town or department reports to the county); null for the county. */
  parentId: string | null;
  /** Portal order: the county first, then its departments, then its towns. */
  order: number;
  acceptsApplications: boolean;
  /** Short code in receipt numbers (LSH-2026-00012): capital letters, unique on the portal. */
  code: string;
  /** Online submissions at or after this Beijing time (HH:MM) are received the next working day. */
  receiptCutoff?: string;
  letters?: LetterSettings;
  publishing?: PublishingSettings;
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
  court: string;
  payment: string;
  office: string;
  address: string;
  phone: string;
  /** The office's e-mail: where reminders (such as the annual report's) go. */
  email?: string;
}

/** Until an administrator fills them in, letters use the agency's own name and a generic remedy clause. */
export const defaultLetterSettings = (agency: Pick<Agency, 'name'>): LetterSettings => ({
  prefix: `${agency.name.slice(0, 1)}政公`,
  reconsiderationBody: '上一级行政机关或者本级人民政府',
  court: '有管辖权的人民法院',
  payment: '请持本通知书到本机关政府信息公开工作机构缴纳，或按本机关告知的方式缴纳',
  office: `${agency.name}政府信息公开工作机构`,
  address: '',
  phone: '',
});
