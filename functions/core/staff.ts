/** Staff roles are Cognito groups in AWS and claims of the local sign-in; the labels are what staff read. */
export const roles = ['handler', 'reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  handler: '经办人',
  reviewer: '审核人（公开工作机构负责人）',
  admin: '管理员',
};

/** Who is calling a staff route, as the JWT authoriser vouches for it. */
export interface StaffIdentity {
  username: string;
  agencyId: string;
  roles: Role[];
  /** The display name from the profile (陈静), where the caller has one. */
  name?: string;
}
