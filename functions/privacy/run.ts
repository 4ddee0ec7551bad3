/**
 * The privacy function's jobs: reading a submitted item's attachments for its 个人信息检查 and 表述检查
 * (the text read once, checked for both), and the daily sweep over what was published before the
 * guards existed (or under older rules: the scanner's, the dictionary's, the county's own words), a
 * bounded batch a day from where the last left off.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { beijingDateTime } from '#core/dates.ts';
import { textLinks } from '#core/external-links.ts';
import type { ExpressionChecker } from '#core/expressions.ts';
import { expressionFindings } from '#core/expression-review.ts';
import {
  reviewKey,
  reviewRules,
  reviewSummary,
  scanSegments,
  textReview,
  uncheckedFile,
  withFileFindings,
  type PrivacyFinding,
  type ScannedContent,
} from '#core/privacy.ts';
import { draftCheckSummary, type Attachment, type PublicationEvent } from '#core/publication.ts';
import { config } from '#lib/config.ts';
import type { Work } from '#store/job-turns.ts';
import { s3 } from '#lib/s3.ts';
import { portalExpressions } from '#store/expressions.ts';
import { pendingPrefix } from '#store/uploads.ts';
import { applicantNumbers, getSweepPlace, publishedAfter, putSweepPlace } from '#store/privacy.ts';
import { savePrivacyReview } from '#store/privacy-list.ts';
import { getPublication, type StoredPublication } from '#store/publications.ts';
import { type AttachmentLinks, saveAttachmentLinks } from '#store/links.ts';
import { fileText } from './read-files.ts';

async function readAttachment(attachment: Attachment): Promise<Uint8Array> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: config.privateBucket(), Key: attachment.privateKey }));
  return Body!.transformToByteArray();
}

/**
 * Every attachment's findings (images and scans read by OCR), and each file no program can read (a
 * picture without legible text, an old binary format), or the digits OCR could not read with
 * confidence, as one to check by eye; `own` are numbers left out (an applicant's own, in the files
 * given to them). With `expressions`, the same text is read for 表述检查 too (what is published); with
 * `links`, each file's external links are collected there (自查 checks them with the item's page).
 */
export async function attachmentFindings(
  attachments: readonly Attachment[],
  read = readAttachment,
  own: readonly string[] = [],
  expressions?: ExpressionChecker,
  links?: AttachmentLinks[],
): Promise<PrivacyFinding[]> {
  const found: PrivacyFinding[] = [];
  for (const attachment of attachments) {
    const where = { field: 'attachment' as const, attachmentId: attachment.id, fileName: attachment.fileName };
    const text = await fileText(await read(attachment), attachment.contentType, where);
    if (links && 'segments' in text)
      links.push({
        attachmentId: attachment.id,
        fileName: attachment.fileName,
        urls: textLinks(
          text.segments.map((s) => s.text),
          text.links,
        ),
      });
    found.push(
      ...('unchecked' in text
        ? [uncheckedFile(where, text.unchecked, '')]
        : [
            ...scanSegments(text.segments, { except: own }),
            // Digits OCR could not read with confidence: that part of the picture is for a person to check.
            ...(text.uncertain ? [uncheckedFile(where, text.uncertain, '')] : []),
            ...(expressions ? expressionFindings(text.segments, expressions) : []),
          ]),
    );
  }
  return found.map((finding, i) => ({ ...finding, id: String(i + 1) }));
}

/**
 * The files a handler will give an applicant with an answer, read where they wait (uploaded, not yet
 * linked): third parties' personal data, the applicant's own identity number and phone left out.
 * The findings (masked) are the job's result; the answer step holds the handler to them.
 */
async function answerFilesScan(params: {
  receiptNumber: string;
  files: { id: string; fileName: string; contentType: string }[];
}) {
  const own = await applicantNumbers(params.receiptNumber);
  const files = params.files.map((f) => ({ ...f, size: 0, privateKey: `${pendingPrefix}${f.id}` }));
  return attachmentFindings(files, readAttachment, own);
}

const systemEvent = (text: string): PublicationEvent => ({
  type: 'privacyCheck',
  actor: '系统',
  actorName: '个人信息检查',
  on: beijingDateTime(new Date()).date,
  text,
});

/**
 * An item's attachments, read into the check its submission (or, with `check: 'draftCheck'`, its
 * save as a draft) started, unless a step has moved on since.
 */
const privacyScan: Work = async (job, _more, save) => {
  if ('receiptNumber' in job.params) {
    const findings = await answerFilesScan(job.params as Parameters<typeof answerFilesScan>[0]);
    await save({ progress: { done: 1, total: 1 }, cursor: 1, result: { findings } });
    return true;
  }
  const { publicationId, key } = job.params as { publicationId: string; key: string };
  let files: PrivacyFinding[] | undefined;
  let saved = false;
  // The check is the draft's, or the review's once a submission took it over while the files were
  // read: saved where it is now (read again if a submission moved it meanwhile).
  for (let attempt = 0; attempt < 3 && !saved; attempt++) {
    const item = (await getPublication(publicationId))?.item;
    const check = (['privacy', 'draftCheck'] as const).find(
      (c) => item?.[c]?.key === key && item[c].state === 'scanning',
    );
    if (!item || !check) break;
    const content = item.content as ScannedContent & { attachments: Attachment[] };
    if (!files) {
      const links: AttachmentLinks[] = [];
      files = await attachmentFindings(content.attachments, readAttachment, [], await portalExpressions(), links);
      await saveAttachmentLinks(links);
    }
    const review = withFileFindings(item[check]!, files, new Date().toISOString());
    const text =
      check === 'draftCheck'
        ? `草稿保存后附件已读取。${draftCheckSummary(review)}`
        : `附件已读取。${reviewSummary(review)}`;
    saved = await savePrivacyReview(item, review, systemEvent(text), 'scan', check);
  }
  await save({ progress: { done: 1, total: 1 }, cursor: 1, result: { saved } });
  return true;
};

/** Items the sweep reads a day: a county's backlog of years is read within weeks, each run bounded. */
export const sweepBatch = 200;
/** Items read between two saves of the sweep's place. */
const sweepPage = 25;

/** Whether the published version lacks a check under the current rules. */
const unchecked = (item: StoredPublication, expressions: ExpressionChecker) =>
  item.status === 'published' && item.published && item.privacy?.key !== reviewKey(item.published.content, expressions);

/**
 * The sweep: from its place in the county listing, the next published items without a check under
 * the current rules, each read whole (text and attachments); findings go to the agency's reviewer
 * (the sparse index). New rules start it again from the beginning.
 */
const privacySweep: Work = async (job, more, save) => {
  const limit = Number(job.params.limit) || sweepBatch;
  const [stored, expressions] = await Promise.all([getSweepPlace(), portalExpressions()]);
  const rules = reviewRules(expressions);
  // A run asked for `fromStart` (locally, on demand) reads the listing again from its first item.
  let after = job.params.fromStart && !job.cursor ? 0 : stored?.rules === rules ? stored.after : 0;
  let { read = 0, checked = 0, withFindings = 0 } = (job.result ?? {}) as Record<string, number>;
  let end = false;
  while (!end && read < limit && more()) {
    const page = await publishedAfter(after, Math.min(sweepPage, limit - read));
    for (const item of page.items.filter((i) => unchecked(i, expressions))) {
      const content = item.published!.content;
      const started = textReview(content, 'sweep', new Date().toISOString(), expressions);
      const links: AttachmentLinks[] = [];
      const files = await attachmentFindings(content.attachments, readAttachment, [], expressions, links);
      await saveAttachmentLinks(links);
      const review = withFileFindings(started, files, new Date().toISOString());
      if (await savePrivacyReview(item, review, systemEvent(`补查已发布内容。${reviewSummary(review)}`), 'version')) {
        checked += 1;
        if (review.findings.length) withFindings += 1;
      }
    }
    read += page.last - after;
    after = page.last;
    await putSweepPlace({ after, rules });
    await save({ progress: { done: read, total: limit }, cursor: after, result: { read, checked, withFindings } });
    end = page.end;
  }
  return end || read >= limit;
};

export const privacyKinds = { privacyScan, privacySweep };
