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
}
