/**
 * 部分公开's redaction as staff work it: a file from an answer (the handler's own pending upload) or a
 * publication's attachment, copied to the private bucket's `redactions/` (never public), marked, produced
 * by a job (run.ts), and applied where the file goes out. Every step is held to the staff of the agency
 * that owns the source, versioned, and recorded (grounds, reasons, counts; never the withheld words).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { hasRole, isOwn } from '#core/access.ts';
import { beijingDateTime } from '#core/dates.ts';
import { draftCheckOf, type Attachment, type PublicationEvent } from '#core/publication.ts';
import { reviewSummary, textReview } from '#core/privacy.ts';
import { personalNumbersIn } from '#core/privacy-scan.ts';
import { withheldByGround, type LocatedMark, type MarkInput } from '#core/redaction.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { config } from '#lib/config.ts';
import { writeFromFreshRead } from '#lib/dynamo.ts';
import { badRequest, conflict, HttpError, notFound, stale, staleAs } from '#lib/errors.ts';
import { getJob, jobWrites } from '#store/jobs.ts';
import { log } from '#lib/log.ts';
import { pngImage } from '#lib/reply.ts';
import { s3 } from '#lib/s3.ts';
import { isMissingObject } from '#lib/s3-errors.ts';
import { getApplication } from '#store/applications.ts';
import { portalExpressions } from '#store/expressions.ts';
import { applicantNumbers } from '#store/privacy.ts';
import { privacyScanWrites } from '#store/privacy-list.ts';
import { getPublication, recordPublicationStep, type StoredPublication } from '#store/publications.ts';
import {
  createRedaction,
  getRedaction,
  redactedUploadPut,
  redactionEvents,
  redactionWrites,
  saveRedaction,
  type RedactionEvent,
  type RedactionSource,
  type StoredRedaction,
} from '#store/redactions.ts';
import { SequenceTaken } from '#store/sequences.ts';
import {
  discardPending,
  inspectUpload,
  pendingPrefix,
  presignDownload,
  readObject,
  uploadOwner,
} from '#store/uploads.ts';
import type { FileShape } from './engine.ts';
import { formatOf, type RedactionFormat } from './format.ts';
import { compact, RedactionInputError } from './match.ts';
import type { CreateInput, MarksInput, RedactionView } from './schemas.ts';

const today = () => beijingDateTime(new Date()).date;
/** The engine (PDFium, pdf.js, pdf-lib), evaluated on the first request that reads a file, not at cold start. */
const engine = () => import('./engine.ts');

/** Where a redaction keeps its files in the private bucket (never public, never the site's). */
export const redactionKeys = {
  original: (agencyId: string, id: string) => `redactions/${agencyId}/${id}/original`,
  result: (agencyId: string, id: string, ext: string) => `redactions/${agencyId}/${id}/result.${ext}`,
};

const extensions: Record<RedactionFormat, string> = { pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', jpeg: 'jpg', png: 'png' };
export const extensionOf = (format: string) => extensions[format as RedactionFormat] ?? 'bin';

/** 「原名（部分公开）.ext」: the name the redacted copy goes out under. */
export const redactedName = (fileName: string, format: string) =>
  `${fileName.replace(/\.[^./\\]{1,8}$/, '')}（部分公开）.${extensionOf(format)}`;

// --- reading the files ------------------------------------------------------------------------------

/**
 * The last few files read: a file's pages are asked for one after another. An original never changes;
 * a result is written again by each produce job, so it is kept under its job's id as well.
 */
const recent = new Map<string, Promise<Uint8Array>>();
function readKept(key: string, producedBy = ''): Promise<Uint8Array> {
  const id = `${key}#${producedBy}`;
  let bytes = recent.get(id);
  if (!bytes) {
    bytes = readObject(config.privateBucket(), key);
    bytes.catch(() => recent.delete(id));
    recent.set(id, bytes);
    if (recent.size > 4) recent.delete(recent.keys().next().value!);
  }
  return bytes;
}
const originalOf = (item: StoredRedaction) => readKept(item.originalKey);
const resultOf = (item: StoredRedaction) => readKept(item.result!.key, item.jobId);

/** The engine's refusal of the input (a mark it cannot place, a format without pages) as the caller's 422, naming the mark. */
function asInputError(error: unknown, field: string): never {
  if (error instanceof RedactionInputError) {
    const mark = /第\s*(\d+)\s*项/.exec(error.message)?.[1];
    throw new HttpError(422, error.message, [
      { field: mark ? `${field}.${Number(mark) - 1}` : field, message: error.message },
    ]);
  }
  // What the engine could not hold (a page or a file beyond what WebAssembly's memory takes).
  if (error instanceof RangeError)
    throw new HttpError(422, '文件过大或结构异常，无法作遮盖处理。请拆分或重新生成文件后再试。', [
      { field, message: '文件无法处理' },
    ]);
  throw error;
}

// --- who may ------------------------------------------------------------------------------------------

const eventOf = (type: RedactionEvent['type'], staff: StaffIdentity, text: string): RedactionEvent => ({
  type,
  actor: staff.username,
  ...(staff.name && { actorName: staff.name }),
  at: new Date().toISOString(),
  text,
});

/** A redaction of the staff member's own agency; anyone else is told it does not exist. */
async function ownRedaction(id: string, staff: StaffIdentity): Promise<StoredRedaction> {
  const item = await getRedaction(id);
  if (!item || !isOwn(staff, item.agencyId)) throw notFound('未找到该遮盖处理。');
  return item;
}

/** An attachment's publication: the agency's own, and its handlers and reviewers (who write and review it). */
async function ownPublication(publicationId: string, staff: StaffIdentity) {
  const found = await getPublication(publicationId);
  if (!found || !isOwn(staff, found.item.agencyId) || !hasRole(staff, 'handler', 'reviewer'))
    throw notFound('未找到该信息。');
  return found.item;
}

const sourceField = (name: string, message: string) => badRequest(message, [{ field: `body.source.${name}`, message }]);

// --- the view -----------------------------------------------------------------------------------------

const placesOf = (mark: LocatedMark) => mark.places.reduce((n, p) => n + (p.rects?.length ?? 1), 0);

function viewOf(item: StoredRedaction, events: RedactionEvent[]): RedactionView {
  const failed = item.verification && !item.verification.passed;
  return {
    id: item.id,
    version: item.version,
    state: item.state,
    source: item.source,
    fileName: item.fileName,
    format: item.format,
    pages: item.pages,
    marks: item.marks.map((mark) => ({
      id: mark.id,
      input: mark.input,
      places: placesOf(mark),
      pages: [...new Set(mark.places.flatMap((p) => (p.page ? [p.page] : [])))].sort((a, b) => a - b),
      rects: mark.places.flatMap((p) => (p.page ? (p.rects ?? []).map((r) => ({ page: p.page!, ...r })) : [])),
    })),
    warnings: item.warnings ?? [],
    ...(item.verification && { verification: item.verification }),
    ...(failed && {
      failed: item
        .verification!.checks.filter((c) => !c.passed)
        .map((c) => ({ check: c.name, detail: c.detail, marks: c.markIds ?? [] })),
    }),
    ...(item.result && {
      result: { fileName: item.result.fileName, ...(item.result.upload && { upload: item.result.upload }) },
    }),
    withheld: withheldByGround(item.marks),
    events: events
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((e) => ({ type: e.type, by: e.actorName ?? e.actor, at: e.at, text: e.text })),
  };
}

const view = async (item: StoredRedaction) => viewOf(item, await redactionEvents(item.id));

/** What a set of marks withholds, by ground: for the audit and the timeline (counts and reasons, never the words). */
const withheldText = (marks: readonly LocatedMark[]) =>
  withheldByGround(marks)
    .map((g) => `${g.article}（${g.label}）${g.places} 处，理由：${g.reasons.join('；')}`)
    .join('；') || '无';

// --- the steps ------------------------------------------------------------------------------------------

/** The file a redaction starts from, read where it is now, with where it came from. */
async function sourceFile(source: CreateInput['source'], staff: StaffIdentity) {
  if (source.kind === 'answer') {
    const found = await getApplication(source.receiptNumber);
    if (!found || !isOwn(staff, found.application.agencyId)) throw notFound('未找到该申请。');
    const upload = await inspectUpload(config.privateBucket(), source.upload);
    // As the file check takes them: the staff member's own upload for disclosure, not yet given.
    if (upload?.purpose !== 'disclosure' || upload.owner !== uploadOwner.staff(staff.username))
      throw sourceField('upload', '待提供的文件：文件未上传成功或已过期，请重新上传');
    return {
      agencyId: found.application.agencyId,
      fileName: upload.fileName,
      contentType: upload.contentType,
      bytes: await readObject(config.privateBucket(), `${pendingPrefix}${source.upload}`),
    };
  }
  const item = await ownPublication(source.publicationId, staff);
  const attachment = item.content.attachments.find((a) => a.id === source.attachment);
  if (!attachment) throw notFound('未找到该附件。');
  return {
    agencyId: item.agencyId,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    bytes: await readObject(config.privateBucket(), attachment.privateKey).catch((error: unknown) => {
      if (!isMissingObject(error)) throw error;
      throw sourceField('attachment', '附件：文件已不在平台中，请重新上传后再作遮盖处理');
    }),
  };
}

/** POST /api/staff/redactions: the file copied to the private `redactions/` prefix, its pages described. */
export async function createRedactionOf(input: CreateInput, staff: StaffIdentity) {
  const file = await sourceFile(input.source, staff);
  const field = input.source.kind === 'answer' ? 'upload' : 'attachment';
  const format = formatOf(file.contentType, file.bytes);
  if (!format)
    throw new HttpError(
      415,
      `文件类型：「${file.fileName}」不能作遮盖处理。可处理 PDF、JPEG、PNG 文件（主动公开信息的附件还可为 Word、Excel 文件），且文件内容须与其类型一致`,
      [{ field: `body.source.${field}`, message: '文件类型不能作遮盖处理' }],
    );
  let shape: FileShape;
  try {
    shape = await (await engine()).describe(file.bytes, format);
  } catch (error) {
    asInputError(error, `body.source.${field}`);
  }
  const id = randomBytes(8).toString('hex');
  const at = new Date().toISOString();
  const originalKey = redactionKeys.original(file.agencyId, id);
  await s3.send(
    new PutObjectCommand({
      Bucket: config.privateBucket(),
      Key: originalKey,
      Body: file.bytes,
      ContentType: file.contentType,
    }),
  );
  const item: StoredRedaction = {
    id,
    version: 1,
    agencyId: file.agencyId,
    state: 'marking',
    source: input.source,
    fileName: file.fileName,
    contentType: file.contentType,
    format,
    pages: shape.pages,
    originalKey,
    marks: [],
    createdBy: staff.username,
    createdAt: at,
    updatedAt: at,
  };
  const where =
    input.source.kind === 'answer'
      ? `申请 ${input.source.receiptNumber} 待提供的文件`
      : `主动公开信息 ${input.source.publicationId} 的附件`;
  const event = eventOf('create', staff, `对${where}「${file.fileName}」作遮盖处理（原件留存平台内部，不公开）。`);
  await createRedaction(item, event);
  log.info('redaction created', { redaction: id, agencyId: file.agencyId, source: input.source.kind, format });
  return viewOf(item, [event]);
}

/** GET …/{id}. A produce job that ended without its outcome (it failed outside the engine) shows as failed, nothing released. */
export async function redactionOf(id: string, staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  if (item.state !== 'producing' || (await stillProducing(item))) return view(item);
  return view({
    ...item,
    state: 'failed',
    verification: {
      passed: false,
      at: item.updatedAt,
      engines: {},
      checks: [
        {
          name: 'job',
          passed: false,
          detail: '生成任务未能完成（如存储服务暂时不可用），未生成任何文件。请重新生成。',
        },
      ],
    },
  });
}

function expectVersion(item: StoredRedaction, version: number) {
  if (item.version !== version) throw stale('该遮盖处理已被他人更新，请刷新后重试。');
}

const producing = () => conflict('正在生成遮盖结果，请稍候刷新查看。', 'in-progress');

/** Still being produced: its job queued or running (a job that died without its end, e.g. storage down, frees it). */
async function stillProducing(item: StoredRedaction) {
  if (item.state !== 'producing') return false;
  const job = item.jobId ? await getJob(item.jobId) : undefined;
  // A turn that died (out of memory, its time up) keeps the job running until its lease runs out; then it is dead.
  return (
    job?.state === 'queued' || (job?.state === 'running' && (job.leaseUntil ?? Number.POSITIVE_INFINITY) > Date.now())
  );
}
const applied = () => conflict('该遮盖结果已使用，不能再修改。如需重新遮盖，请重新发起遮盖处理。');

/** Places all marks of one file may cover together (a 300-page list of names and numbers is some 2,000 places per 25 pages). */
const maxPlaces = 1500;

const markLabel: Record<MarkInput['kind'], string> = {
  text: '文字',
  pattern: '匹配规则',
  findings: '个人信息检查发现',
  area: '区域',
};

/** PUT …/marks: each mark located in the file (the applicant's own numbers are not a third party's); any previous result is void. */
export async function saveMarks(id: string, input: MarksInput, staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  expectVersion(item, input.version);
  if (await stillProducing(item)) throw producing();
  if (item.state === 'applied') throw applied();
  const except = item.source.kind === 'answer' ? await applicantNumbers(item.source.receiptNumber) : [];
  let marks: LocatedMark[];
  try {
    marks = await (await engine()).locate(await originalOf(item), item.format as RedactionFormat, input.marks, {
      except,
    });
  } catch (error) {
    asInputError(error, 'body.marks');
  }
  // A reason goes into the 答复书 the applicant reads: it may name the kind of information, never what is withheld.
  const withheld = marks.flatMap((mark) => mark.strings.map(compact)).filter((w) => w.length >= 2);
  const quoting = marks.flatMap((mark, i) => {
    const reason = compact(mark.input.reason);
    return withheld.some((w) => reason.includes(w)) || personalNumbersIn(mark.input.reason).length
      ? [
          {
            field: `body.marks.${i}.reason`,
            message: `第 ${i + 1} 项标记的理由将写入答复书，不能写出不予公开的内容或他人的号码`,
          },
        ]
      : [];
  });
  if (quoting.length) throw new HttpError(422, quoting.map((q) => q.message).join('；'), quoting);
  // Every place is kept in the redaction's one item (at most 400 KB) and shown to the console.
  let placed = 0;
  for (const [i, mark] of marks.entries()) {
    placed += placesOf(mark);
    if (placed > maxPlaces)
      throw new HttpError(422, `第 ${i + 1} 项标记：标记的位置合计超过 ${maxPlaces} 处，请缩小匹配范围，或分次处理`, [
        { field: `body.marks.${i}`, message: `标记的位置合计超过 ${maxPlaces} 处` },
      ]);
  }
  const warnings = marks.flatMap((mark, i) =>
    placesOf(mark) === 0 ? [`第 ${i + 1} 项标记（${markLabel[mark.input.kind]}）在文件中未找到，请检查。`] : [],
  );
  const { verification: _v, result: _r, jobId: _j, ...rest } = item;
  const next: StoredRedaction = {
    ...rest,
    state: 'marking',
    marks,
    warnings,
    version: item.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const event = eventOf('mark', staff, `标记 ${marks.length} 项：${withheldText(marks)}。`);
  await saveOrStale(next, item.version, event);
  return view(next);
}

async function saveOrStale(
  next: StoredRedaction,
  expected: number,
  event: RedactionEvent,
  also = [] as Parameters<typeof saveRedaction>[3],
) {
  await saveRedaction(next, expected, event, also).catch(staleAs('该遮盖处理已被他人更新，请刷新后重试。'));
}

/** POST …/produce: the job that removes and verifies (the engine's `redact`, in this function's job turn). */
export async function produce(id: string, version: number, staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  expectVersion(item, version);
  if (await stillProducing(item)) throw producing();
  if (item.state === 'applied') throw applied();
  if (!item.marks.some((mark) => placesOf(mark) > 0))
    throw conflict('尚未标记要遮盖的内容（或标记在文件中均未找到），不能生成。');
  const jobId = randomBytes(8).toString('hex');
  const { verification: _v, result: _r, ...rest } = item;
  const next: StoredRedaction = {
    ...rest,
    state: 'producing',
    jobId,
    version: item.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const job = jobWrites({
    id: jobId,
    kind: 'redact',
    params: { redactionId: id },
    by: staff.username,
    agencyId: item.agencyId,
  });
  const event = eventOf('produce', staff, `生成遮盖结果：${withheldText(item.marks)}。`);
  await saveOrStale(next, item.version, event, job.writes);
  return view(next);
}

/** GET …/pages/{page}/page.png: the original with its marks outlined, or the produced file. */
export async function page(id: string, pageNumber: number, which: 'source' | 'result', staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  if (item.pages.length && pageNumber > item.pages.length)
    throw new HttpError(404, `页码：该文件共 ${item.pages.length} 页`, [
      { field: 'params.page', message: `该文件共 ${item.pages.length} 页` },
    ]);
  if (which === 'result' && !item.result) throw conflict('尚未生成遮盖结果（或核验未通过），没有可显示的结果。');
  const bytes = await (which === 'result' ? resultOf(item) : originalOf(item));
  try {
    return pngImage(
      await (await engine()).renderPage(bytes, item.format as RedactionFormat, pageNumber, {
        ...(which === 'source' && { marks: item.marks }),
      }),
    );
  } catch (error) {
    asInputError(error, 'params.page');
  }
}

/** GET …/result: a five-minute link to the produced, verified file, for the agency's staff. */
export async function resultLink(id: string, staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  if (!item.result) throw conflict('尚未生成遮盖结果（或核验未通过），没有可下载的文件。');
  const { url, expiresAt } = await presignDownload(
    config.privateBucket(),
    item.result.key,
    item.result.fileName,
    item.result.contentType,
  );
  return { url, expiresAt };
}

/** POST …/apply: the verified file goes where the original was to go (the answer's upload, the attachment in place). */
export async function apply(id: string, version: number, staff: StaffIdentity) {
  const item = await ownRedaction(id, staff);
  expectVersion(item, version);
  if (item.state === 'producing') throw producing();
  // An answer's upload may be issued again (a pending upload expires in two days); an attachment is replaced once.
  const again = item.state === 'applied' && item.source.kind === 'answer';
  if (!item.result || (item.state !== 'ready' && !again))
    throw item.state === 'applied'
      ? applied()
      : conflict(
          item.state === 'failed'
            ? '遮盖结果核验未通过，不能使用。请按未通过的检查修改标记后重新生成。'
            : '尚未生成遮盖结果，请先生成并通过核验。',
        );
  return item.source.kind === 'answer'
    ? applyToAnswer(item, item.source, staff)
    : applyToAttachment(item, item.source, staff);
}

/** The produced file as a new pending upload of the staff member, as `presignUpload` would have made it. */
async function applyToAnswer(
  item: StoredRedaction,
  source: Extract<RedactionSource, { kind: 'answer' }>,
  staff: StaffIdentity,
) {
  const result = item.result!;
  const upload = randomUUID();
  await s3.send(
    new CopyObjectCommand({
      Bucket: config.privateBucket(),
      Key: `${pendingPrefix}${upload}`,
      CopySource: `${config.privateBucket()}/${result.key}`,
      MetadataDirective: 'REPLACE',
      ContentType: result.contentType,
      Metadata: {
        purpose: 'disclosure',
        filename: encodeURIComponent(result.fileName),
        owner: uploadOwner.staff(staff.username),
      },
    }),
  );
  const next: StoredRedaction = {
    ...item,
    state: 'applied',
    result: { ...result, upload },
    version: item.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const event = eventOf(
    'apply',
    staff,
    `遮盖结果「${result.fileName}」作为答复待提供的文件（须经个人信息检查后提供）。`,
  );
  await saveOrStale(next, item.version, event, [
    redactedUploadPut(upload, {
      redactionId: item.id,
      agencyId: item.agencyId,
      receiptNumber: source.receiptNumber,
      withheld: withheldByGround(item.marks),
    }),
  ]);
  // The original can no longer be given in the answer: only the redacted file is a pending upload now
  // (the original stays under redactions/, never given or public).
  await discardPending(config.privateBucket(), [source.upload]);
  log.info('redaction applied', { redaction: item.id, source: 'answer' });
  return view(next);
}

/**
 * The attachment replaced in place by the produced file (a new id, under the item's own prefix; the
 * original stays in `redactions/`), the item's check started again as for a newly attached file, and
 * the step on its timeline: one transaction with the redaction's own step.
 */
async function applyToAttachment(
  item: StoredRedaction,
  source: Extract<RedactionSource, { kind: 'attachment' }>,
  staff: StaffIdentity,
) {
  const publication = await ownPublication(source.publicationId, staff);
  const index = publication.content.attachments.findIndex((a) => a.id === source.attachment);
  if (index < 0) throw conflict('该附件已被删除或替换，不能使用本遮盖结果。');
  if (!['draft', 'revising', 'submitted', 'revisionSubmitted'].includes(publication.status))
    throw conflict('该信息已发布或已撤回：请先“修订”，再对修订稿的附件作遮盖处理。');
  const result = item.result!;
  const replacement: Attachment = {
    id: randomUUID(),
    fileName: result.fileName,
    contentType: result.contentType,
    size: result.size,
    privateKey: '',
  };
  replacement.privateKey = `publications/${publication.id}/${replacement.id}`;
  await s3.send(
    new CopyObjectCommand({
      Bucket: config.privateBucket(),
      Key: replacement.privateKey,
      CopySource: `${config.privateBucket()}/${result.key}`,
      ContentType: result.contentType,
      MetadataDirective: 'REPLACE',
    }),
  );
  // A check the privacy function saved meanwhile moves no version: the step is written afresh over it.
  let done: StoredRedaction | 'stale';
  try {
    done = await writeFromFreshRead<StoredPublication, StoredRedaction | 'stale'>(publication, {
      reread: async () => (await getPublication(publication.id))?.item,
      current: (read) => read.version === publication.version,
      write: (read) => replaceAttachment(read, index, replacement, item, staff),
      moved: 'stale',
    });
  } catch (error) {
    // The redaction (in the step's transaction) changed since it was read.
    if (!(error instanceof SequenceTaken)) throw error;
    done = 'stale';
  }
  if (done === 'stale') {
    await s3.send(new DeleteObjectCommand({ Bucket: config.privateBucket(), Key: replacement.privateKey }));
    throw stale('该信息或遮盖处理已被他人更新，请刷新后重试。');
  }
  log.info('redaction applied', { redaction: item.id, source: 'attachment' });
  return view(done);
}

/** The attachment at `index` of the item as read replaced by the produced file, checked again, with the redaction's own step. */
async function replaceAttachment(
  publication: StoredPublication,
  index: number,
  replacement: Attachment,
  item: StoredRedaction,
  staff: StaffIdentity,
): Promise<StoredRedaction> {
  const result = item.result!;
  const attachments = publication.content.attachments.map((a, i) => (i === index ? replacement : a));
  const content = { ...publication.content, attachments };
  const expressions = await portalExpressions();
  const at = new Date().toISOString();
  const working = publication.status === 'draft' || publication.status === 'revising';
  const next: StoredPublication = {
    ...publication,
    content,
    version: publication.version + 1,
    updatedAt: at,
    // Checked again as a newly attached file is: the draft's check, or the submission's review.
    ...(working
      ? { draftCheck: draftCheckOf(publication.draftCheck, content, today(), expressions) }
      : { privacy: textReview(content, 'submit', today(), expressions) }),
  };
  const check = working ? next.draftCheck! : next.privacy!;
  const original = publication.content.attachments[index]!;
  const event: PublicationEvent = {
    type: 'redact',
    actor: staff.username,
    ...(staff.name && { actorName: staff.name }),
    on: today(),
    text: `附件「${original.fileName}」作部分公开遮盖处理（${withheldText(item.marks)}），经核验后替换为「${result.fileName}」；原件留存平台内部，不公开。${reviewSummary(check)}`,
  };
  const done: StoredRedaction = { ...item, state: 'applied', version: item.version + 1, updatedAt: at };
  await recordPublicationStep({
    item: publication,
    expectedVersion: publication.version,
    next,
    event,
    also: [
      ...privacyScanWrites(next, publication, staff.username),
      ...redactionWrites(
        done,
        item.version,
        eventOf('apply', staff, `遮盖结果替换主动公开信息的附件「${original.fileName}」。`),
      ),
    ],
  });
  return done;
}
