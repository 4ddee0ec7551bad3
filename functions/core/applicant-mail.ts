/**
 * The e-mails the platform writes to an applicant outside the letters: the 受理回执 at submission,
 * and the link to a new query code (找回查询码). Neither carries the query code itself, which is
 * never stored: the outbox, which staff read, holds only what these say.
 */
import { beijingDateTime, formatDate, type IsoDate } from './dates.ts';

export interface ReceiptFacts {
  agencyName: string;
  applicantName: string;
  receiptNumber: string;
  title: string;
  submittedAt: string;
  receiptDate: IsoDate;
  replyDue: IsoDate | null;
  /** Where the deadline waits for a year's schedule: that year, and the earliest it can fall. */
  replyPending?: { year: number; earliest: IsoDate | null };
  siteUrl: string;
}

/** 2026年12月3日（星期四）14:05 (Beijing time). */
export const beijingMoment = (at: string) => {
  const { date, time } = beijingDateTime(new Date(at));
  return `${formatDate(date)} ${time}`;
};

export const statusAddress = (siteUrl: string) => `${siteUrl}/apply/status`;
export const recoveryAddress = (siteUrl: string) => `${siteUrl}/apply/recover`;

export function receiptMail(facts: ReceiptFacts): { subject: string; text: string } {
  return {
    subject: `政府信息公开申请受理回执（${facts.receiptNumber}）`,
    text: [
      `${facts.applicantName}：`,
      `　　${facts.agencyName}已于${beijingMoment(facts.submittedAt)}收到您通过网络提交的政府信息公开申请。`,
      `　　受理编号：${facts.receiptNumber}`,
      `　　所需信息：${facts.title}`,
      `　　收到申请之日：${formatDate(facts.receiptDate)}`,
      `　　答复期限：${facts.replyDue ? `${formatDate(facts.replyDue)}前（可依法延长，以办理进度页为准）` : `待定${facts.replyPending?.earliest ? `，最早为${formatDate(facts.replyPending.earliest)}，最终日期待 ${facts.replyPending.year} 年放假安排公布后确定` : ''}（以办理进度页为准）`}`,
      `　　查询办理进度：${statusAddress(facts.siteUrl)}，输入受理编号和查询码。`,
      '　　为保护您的信息，本邮件不含查询码，查询码只在提交后的回执页面显示一次。如查询码遗失，可在' +
        `${recoveryAddress(facts.siteUrl)}输入受理编号和本邮箱地址，通过发至本邮箱的链接取得新的查询码。`,
      `　　本邮件由系统发出，请勿直接回复。`,
      facts.agencyName,
    ].join('\n'),
  };
}

export function recoveryMail(
  facts: { agencyName: string; applicantName: string; receiptNumber: string; siteUrl: string; minutes: number },
  token: string | null,
): { subject: string; text: string } {
  const link = token ? `${facts.siteUrl}/apply/recover/${facts.receiptNumber}/${token}` : '（链接已隐去）';
  return {
    subject: `重新获取查询码（${facts.receiptNumber}）`,
    text: [
      `${facts.applicantName}：`,
      `　　有人为受理编号 ${facts.receiptNumber} 的政府信息公开申请申请重新获取查询码。如是您本人，请在 ${facts.minutes} 分钟内打开以下链接，按页面提示取得新的查询码：`,
      `　　${link}`,
      '　　取得新的查询码后，原查询码即失效。如非您本人操作，请忽略本邮件，原查询码继续有效。',
      facts.agencyName,
    ].join('\n'),
  };
}
