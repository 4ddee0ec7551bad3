/**
 * GET /api/staff/applications/{n}/case-file: the case file (答辩证据) of one application for the
 * 复议机关 or the court — a ZIP with the 证据目录 (PDF) and the evidence it lists: the application
 * as received with its uploads, the identity check, every step with who, when and why, each deadline
 * derived again, each letter (PDF) with its proof of service, the consultations, the fee, and the
 * 复议/诉讼 recorded against it; a manifest with each file's SHA-256 and the check of the hash chain
 * over the event log. Each export is recorded (who took which case file when, and its hash).
 */
import { zipSync } from 'fflate';
import { caseStateOf, uploadPurposes } from '#core/application.ts';
import { receivedHash, sha256, stateHash, verifyChain } from '#core/case-chain.ts';
import { catalogueLetter, deriveDates, serviceRecords, type CaseFileEntry } from '#core/case-file.ts';
import { beijingDateTime } from '#core/dates.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { config } from '#lib/config.ts';
import { notFound } from '#lib/errors.ts';
import { letterPdf, letterPdfName } from '#lib/letter-pdf.ts';
import { Reply } from '#lib/reply.ts';
import { getAgency, getAgencySeal } from '#store/agencies.ts';
import { caseRecords, recordCaseFileExport } from '#store/applications.ts';
import { loadCalendar } from '#store/calendar.ts';
import { readObject } from '#store/uploads.ts';
import { isOwn } from '#core/access.ts';
import type { CaseFileInput } from './schemas.ts';
import { caseGroups, caseResults, type CaseGroup, type CaseResult } from '#core/report-counts.ts';

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
/** A name safe in any archive tool: no separators or reserved characters. */
const safe = (name: string) => name.replace(/[\\/:*?"<>|\s]/g, '_');

export async function caseFile(receiptNumber: string, input: CaseFileInput, staff: StaffIdentity) {
  const [records, calendar] = await Promise.all([caseRecords(receiptNumber), loadCalendar()]);
  // The agency's own staff only: the case file carries the applicant's personal data in full.
  if (!records || !isOwn(staff, records.application.agencyId)) throw notFound('未找到该申请。');
  const { application, events, letters } = records;
  const agency = await getAgency(application.agencyId);
  const state = caseStateOf(application);
  const now = new Date();
  const today = beijingDateTime(now).date;

  const files: { path: string; title: string; proves: string; bytes: Uint8Array }[] = [];
  const add = (path: string, title: string, proves: string, bytes: Uint8Array) =>
    files.push({ path, title, proves, bytes });

  add(
    '01-申请/申请.json',
    '政府信息公开申请（收到时的内容）',
    '申请人、所需信息、载体形式和获取方式，提交时间和收到申请之日',
    json({
      receiptNumber: application.receiptNumber,
      submittedAt: application.submittedAt,
      receiptDate: application.receiptDate,
      receiptNote: application.receiptNote,
      applicant: application.applicant,
      request: application.request,
      delivery: application.delivery,
      uploads: application.uploads.map(({ purpose, fileName, contentType, size }) => ({
        purpose: uploadPurposes[purpose],
        fileName,
        contentType,
        size,
      })),
    }),
  );
  for (const [i, upload] of application.uploads.entries())
    add(
      `01-申请/附件/${i + 1}-${safe(upload.fileName)}`,
      `申请人提交的${uploadPurposes[upload.purpose]}：${upload.fileName}`,
      '申请时提交的材料原件',
      await readObject(config.privateBucket(), upload.key),
    );
  add(
    '02-身份核验.json',
    '申请人身份核验',
    '受理时是否核对申请人身份证明，及人工复核的原因',
    json({ identityConfirmed: state.identityConfirmed ?? null, manualReview: application.manualReview ?? null }),
  );
  const chain = verifyChain(application.receiptNumber, events, application.chainHead, stateHash(state), {
    letters,
    received: receivedHash(application),
  });
  add(
    '03-办理记录.json',
    '办理记录（每一步的办理人、时间和理由）',
    '办理过程，附每条记录的哈希链',
    json(
      events.map((e) => ({
        at: e.at,
        type: e.type,
        by: e.actorName ?? e.actor ?? (e.type === 'submitted' ? '申请人' : undefined),
        text: e.text,
        visibleToApplicant: e.public,
        stateHash: e.stateHash,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
    ),
  );
  const dates = deriveDates(calendar, application);
  add('04-期限.json', '各项期限及其计算过程', '按记录重新计算的期限，与记录比对', json(dates));
  const service = serviceRecords(application, letters);
  const seal = await getAgencySeal(application.agencyId);
  for (const letter of letters)
    add(
      `05-文书/${safe(letterPdfName(letter))}`,
      `${letter.title}（${letter.number}）`,
      `${letter.issuedOn}发出${letter.toApplicant ? '' : '，不向申请人公开'}`,
      await letterPdf(letter, { seal }),
    );
  add('05-文书/送达.json', '文书送达记录', '每份文书的送达方式、时间和凭证', json(service));
  for (const record of service)
    if (record.served?.scan)
      add(
        `05-文书/送达凭证/${safe(record.number)}-${safe(record.served.scan.fileName)}`,
        `${record.number}的交寄凭证：${record.served.scan.fileName}`,
        `邮寄送达的交邮日期${record.served.on}和邮件号码${record.served.trackingNumber ?? ''}`,
        await readObject(config.privateBucket(), record.served.scan.key),
      );
  add(
    '06-征求意见.json',
    '征求意见（第三方、共同制作机关）',
    '征求意见的对象、发出日期、期限和收到的意见',
    json({
      consultation: state.consultation ?? null,
      steps: events
        .filter((e) => e.type === 'startConsultation' || e.type === 'recordConsultationReply')
        .map((e) => ({ at: e.at, text: e.text })),
    }),
  );
  add(
    '07-收费.json',
    '信息处理费',
    '收费通知的依据、计算和期限，缴费情况',
    json({ fee: state.fee ?? null, answer: state.outcome ?? null }),
  );

  add(
    '08-复议诉讼.json',
    '行政复议、行政诉讼',
    '针对本申请的复议、诉讼：受理机关或法院、日期和结果（年度报告表四据此统计）',
    json(
      records.cases.map((c) => ({
        ...c,
        groupLabel: caseGroups[c.group as CaseGroup],
        resultLabel: caseResults[c.result as CaseResult],
      })),
    ),
  );

  const entries: CaseFileEntry[] = files.map(({ path, title, proves, bytes }) => ({
    path,
    title,
    proves,
    sha256: sha256(bytes),
    size: bytes.length,
  }));
  const unserved = service.filter((s) => s.flag).map((s) => s.number);
  const mismatched = dates.filter((d) => !d.agrees).map((d) => d.what);
  const exportedBy = staff.name ?? staff.username;
  const catalogue = await letterPdf(
    catalogueLetter({
      agencyName: agency?.name ?? application.agencyId,
      receiptNumber: application.receiptNumber,
      title: application.request.title,
      entries,
      chain,
      unserved,
      mismatched,
      exportedOn: today,
      exportedBy,
    }),
  );
  const manifest = {
    receiptNumber: application.receiptNumber,
    exportedAt: now.toISOString(),
    exportedBy: staff.username,
    purpose: input.purpose,
    chain,
    unservedLetters: unserved,
    mismatchedDates: mismatched,
    files: [
      { path: '00-证据目录.pdf', title: '答辩证据目录', sha256: sha256(catalogue), size: catalogue.length },
      ...entries,
    ],
  };
  const archive = zipSync(
    {
      '00-证据目录.pdf': catalogue,
      'manifest.json': json(manifest),
      ...Object.fromEntries(files.map((f) => [f.path, f.bytes])),
    },
    { mtime: now },
  );
  const hash = sha256(archive);
  await recordCaseFileExport(application.receiptNumber, {
    at: now.toISOString(),
    by: staff.username,
    ...(staff.name && { byName: staff.name }),
    purpose: input.purpose,
    sha256: hash,
  });
  return new Reply({
    statusCode: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="case-file.zip"; filename*=UTF-8''${encodeURIComponent(`${application.receiptNumber}答辩证据.zip`)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // Which archive was handed over, as the export's record keeps it.
      'X-Case-File-SHA256': hash,
      'X-Case-File-Chain': chain.intact ? 'intact' : 'broken',
    },
    body: Buffer.from(archive).toString('base64'),
    isBase64Encoded: true,
  });
}
