/**
 * A new query code issued by the agency's staff: for an applicant who lost it, or never received it
 * (a carried-over case whose code was not handed on, a paper applicant with no e-mail to recover it
 * by). The old code stops working at once; the timeline says who issued it and why; the answer
 * carries the code once, with what the printed notice to the applicant says.
 */
import { randomBytes } from 'node:crypto';
import { applicationAccess, isOwn } from '#core/access.ts';
import { deriveQueryCode, formatQueryCode, hashQueryCode, newSalt } from '#core/application.ts';
import { beijingDateTime, formatDate } from '#core/dates.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { forbidden, notFound } from '#lib/errors.ts';
import { getAgency } from '#store/agencies.ts';
import { getApplication } from '#store/applications.ts';
import { reissueQueryCode } from '#store/code-recovery.ts';

export async function reissueCode(receiptNumber: string, input: { reason: string }, staff: StaffIdentity) {
  if (!applicationAccess(staff, 'own').act) throw forbidden('只有本机关的经办人或审核人可以重新生成查询码。');
  const found = await getApplication(receiptNumber);
  // Another agency's number answers as an unknown one does.
  if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
  const { application } = found;
  const agency = await getAgency(application.agencyId);
  const code = deriveQueryCode(randomBytes(16).toString('hex'), newSalt());
  const salt = newSalt();
  const at = new Date().toISOString();
  const issued = await reissueQueryCode(
    receiptNumber,
    application.agencyId,
    { hash: hashQueryCode(code, salt), salt },
    {
      at,
      version: application.version,
      text: `工作人员重新生成查询码（${input.reason}），原查询码失效。`,
      actor: staff.username,
      ...(staff.name && { actorName: staff.name }),
    },
  );
  if (!issued) throw notFound('未找到该申请。');
  return {
    receiptNumber,
    queryCode: formatQueryCode(code),
    notice: {
      title: '政府信息公开申请查询码告知书',
      agency: agency?.name ?? '',
      applicant: application.applicant.name,
      request: application.request.title,
      issuedOn: formatDate(beijingDateTime(new Date(at)).date),
      text: `您向${agency?.name ?? '本机关'}提出的政府信息公开申请（受理编号 ${receiptNumber}）的查询码已重新生成，原查询码自即日起失效。请凭受理编号和本查询码在本机关政府信息公开专栏“申请查询”页面查看办理进度和答复期限。查询码是查看申请的凭证，请妥善保管，不要告知他人。`,
    },
  };
}
