/** An application's statuses, as the citizen and staff see them (the state machine moves between them). */
export const statuses = {
  registered: '已受理，正在办理',
  correctionRequested: '待补正',
  inProgress: '正在办理',
  consulting: '征求意见中（计时暂停）',
  feeNotice: '待缴费（计时暂停）',
  answered: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
  abandoned: '视为放弃申请',
} as const;
export type Status = keyof typeof statuses;
