/**
 * Imports of an agency's old catalogue: rows checked (a dry run answers every row's errors and
 * writes nothing), staged into a batch (idempotently: a row sent again is the same row), submitted,
 * approved by a reviewer other than the submitter, and published by the jobs function.
 */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import { isOwn, publicationAccess } from '#core/access.ts';
import {
  batchLimit,
  categoryKey,
  checkCatalogueRows,
  typeOfFileName,
  type CatalogueRow,
  type RowError,
} from '#core/catalogue-import.ts';
import { categoriesFor, categoryBySlug } from '#core/categories.ts';
import { beijingDateTime } from '#core/dates.ts';
import { attachmentMatches, attachmentTypes } from '#core/publication.ts';
import type { StaffIdentity } from '#core/staff.ts';
import { config } from '#lib/config.ts';
import { badRequest, conflict, forbidden, notFound, stale } from '#lib/errors.ts';
import { getAgency } from '#store/agencies.ts';
import {
  agencyBatchesPage,
  batchRowsPage,
  claimRows,
  createBatch,
  existingItems,
  getBatch,
  getCategoryMap,
  indexClaims,
  moveBatch,
  rowClaims,
  saveCategoryMap,
  stagedAlready,
  releaseClaims,
  stageRows,
  type ImportBatch,
  type StagedRow,
} from '#store/imports.ts';
import { getJob } from '#store/jobs.ts';
import { renderTasksWaiting } from '#store/render-queue.ts';
import { discardPending, inspectUpload, linkUpload, uploadOwner } from '#store/uploads.ts';
import type { categoryMapInput, importInput } from './schemas.ts';

const today = () => beijingDateTime(new Date()).date;

export const batchStates = {
  open: '整理中',
  submitted: '待审核',
  importing: '导入中',
  done: '已导入',
} as const;

async function ownBatch(id: string, staff: StaffIdentity) {
  const batch = await getBatch(id);
  if (!batch || !isOwn(staff, batch.agencyId)) throw notFound('未找到该导入批次。');
  return batch;
}

/** The rows the store already settles: 索引号 held by another item (errors) and items already imported (passed over). */
async function againstStore(agencyId: string, rows: CatalogueRow[]) {
  const [claims, existing] = await Promise.all([
    indexClaims(
      agencyId,
      rows.flatMap((r) => (r.indexNumber ? [r.indexNumber] : [])),
    ),
    existingItems(rows.map((r) => r.id)),
  ]);
  const errors: RowError[] = [];
  const skipped: { row: number; message: string }[] = [];
  const fresh: CatalogueRow[] = [];
  for (const row of rows) {
    if (existing.has(row.id)) skipped.push({ row: row.row, message: `第 ${row.row} 行 已导入，跳过` });
    else if (row.indexNumber && claims.has(row.indexNumber) && claims.get(row.indexNumber) !== row.id)
      errors.push({
        row: row.row,
        field: 'indexNumber',
        message: `第 ${row.row} 行 索引号：「${row.indexNumber}」已被本机关其他信息使用`,
      });
    else fresh.push(row);
  }
  return { errors, skipped, fresh };
}

/** Each named attachment's upload, checked by its type and first bytes like any attachment. */
async function checkUploads(rows: CatalogueRow[], staff: StaffIdentity) {
  const errors: RowError[] = [];
  const found = new Map<string, Omit<StagedRow['files'][number], 'privateKey'>>();
  for (const row of rows) {
    for (const a of row.attachments) {
      const fail = (message: string) =>
        errors.push({
          row: row.row,
          field: 'attachments',
          message: `第 ${row.row} 行 附件：「${a.fileName}」${message}`,
        });
      if (!a.uploadId) {
        fail('未提供该文件（请在所选文件夹或压缩包中提供同名文件）');
        continue;
      }
      const object = await inspectUpload(config.privateBucket(), a.uploadId);
      if (object?.purpose !== 'attachment' || object.owner !== uploadOwner.staff(staff.username)) {
        fail('未上传成功或已过期，请重新选择文件');
        continue;
      }
      const type = typeOfFileName(a.fileName);
      if (object.contentType !== type || !(type in attachmentTypes) || !attachmentMatches(type, object.head)) {
        fail(`的内容不是${attachmentTypes[type!]?.label ?? '可发布的'}文件（按文件开头的字节核对）`);
        continue;
      }
      found.set(`${row.id}/${a.uploadId}`, {
        id: a.uploadId,
        fileName: a.fileName,
        contentType: type,
        size: object.size,
      });
    }
  }
  return { errors, found };
}

/**
 * A dry run checks every row and answers their errors by row and field; a real run stages the rows
 * in the batch (a new one when none is named) only when none has an error, and writes nothing else.
 */
export async function importPublications(
  input: z.output<ReturnType<typeof importInput>>,
  staff: StaffIdentity,
  timeLeft: () => number = () => Number.POSITIVE_INFINITY,
) {
  if (!publicationAccess(staff, 'own').create) throw forbidden('只有经办人可以导入信息。');
  const [agency, map] = await Promise.all([getAgency(staff.agencyId), getCategoryMap(staff.agencyId)]);
  if (!agency) throw notFound('未找到您所属的机关。');
  const checked = checkCatalogueRows(input.rows, {
    agencyId: agency.id,
    agencyKind: agency.kind,
    today: today(),
    categoryMap: Object.fromEntries(Object.entries(map.choices).map(([value, c]) => [value, c.category])),
    ...(input.firstRow && { firstRow: input.firstRow }),
  });
  const store = await againstStore(agency.id, checked.rows);
  const errors = [...checked.errors, ...store.errors].sort((a, b) => a.row - b.row);
  const report = {
    dryRun: input.dryRun,
    checked: input.rows.length,
    valid: store.fresh.length,
    errors,
    skipped: store.skipped,
    categories: checked.categories,
  };
  if (input.dryRun) return { ...report, staged: 0, pending: [], batch: null };

  const batch = input.batch ? await ownBatch(input.batch, staff) : undefined;
  if (batch && batch.state !== 'open') throw conflict(`该批次${batchStates[batch.state]}，不能再添加。`);
  // A row another batch holds is passed over (sent again without naming its batch, or to another).
  const claims = await rowClaims(
    agency.id,
    store.fresh.map((r) => r.id),
  );
  const elsewhere = (row: CatalogueRow) => {
    const claim = claims.get(row.id);
    return claim?.held && claim.batchId !== batch?.id ? claim : undefined;
  };
  for (const row of store.fresh) {
    const claim = elsewhere(row);
    if (claim)
      report.skipped.push({
        row: row.row,
        message: `第 ${row.row} 行 已暂存于批次 ${claim.batchId}（${claim.state ? batchStates[claim.state] : '正在暂存'}），跳过`,
      });
  }
  const candidates = store.fresh.filter((r) => !elsewhere(r));
  const already = batch ? await stagedAlready(batch.id, candidates) : new Set<string>();
  const rows = candidates.filter((r) => !already.has(r.id));
  const uploads = await checkUploads(rows, staff);
  const all = [...errors, ...uploads.errors].sort((a, b) => a.row - b.row);
  if (all.length)
    throw badRequest(
      `有 ${new Set(all.map((e) => e.row)).size} 行存在错误，本次未导入任何一行：${all
        .slice(0, 5)
        .map((e) => e.message)
        .join('；')}${all.length > 5 ? ' 等' : ''}`,
      all.map((e) => ({ field: `rows.${e.row}.${e.field}`, message: e.message })),
    );
  // Early, from the count as read; the staging's write holds the limit against calls meanwhile.
  if (batch && batch.rows + rows.length > batchLimit) throw overLimit();
  // Nothing new: no batch is opened for it.
  if (!rows.length) return { ...report, staged: 0, pending: [], batch: batch ? batchView(batch, staff) : null };
  const target = batch ?? newBatch(agency.id, staff);
  const mine = await claimRows(
    agency.id,
    target.id,
    rows.map((r) => r.id),
    claims,
  );
  const staging = rows.filter((r) => mine.has(r.id));
  for (const row of rows)
    if (!mine.has(row.id)) report.skipped.push({ row: row.row, message: `第 ${row.row} 行 已由另一批次暂存，跳过` });
  if (!staging.length) return { ...report, staged: 0, pending: [], batch: batch ? batchView(batch, staff) : null };
  if (!batch) await createBatch(target);
  // Linking attachments (a copy each) takes time: rows not reached in half the call's time are answered
  // as pending, for the console to send again, so the call answers well before its limit.
  const stopAt = Date.now() + timeLeft() * writingShare;
  const pending: number[] = [];
  const staged: StagedRow[] = [];
  for (const row of staging) {
    if (Date.now() > stopAt) {
      pending.push(row.row);
      continue;
    }
    const files: StagedRow['files'] = [];
    for (const a of row.attachments) {
      const file = uploads.found.get(`${row.id}/${a.uploadId}`)!;
      files.push({ ...file, privateKey: await linkUpload(config.privateBucket(), file.id, row.id, 'publications/') });
    }
    staged.push({ ...row, files });
  }
  const written = await stageRows(target, staged, batchLimit);
  if (written.refused) {
    const taken = new Set(written.staged.map((r) => r.id));
    await releaseClaims(
      agency.id,
      target.id,
      staging.filter((r) => !taken.has(r.id)).map((r) => r.id),
    );
    throw written.refused === 'full' ? overLimit() : conflict('该批次已提交审核，不能再添加。');
  }
  await discardPending(
    config.privateBucket(),
    staged.flatMap((r) => r.files.map((f) => f.id)),
  );
  const now = await getBatch(target.id);
  return { ...report, staged: written.staged.length, pending, batch: batchView(now!, staff) };
}

const overLimit = () =>
  badRequest(`一个批次最多 ${batchLimit} 行，请另建批次。`, [{ field: 'rows', message: '超过批次上限' }]);

/** The share of a call's remaining time spent linking and staging rows; the rest is margin. */
const writingShare = 0.5;

function newBatch(agencyId: string, staff: StaffIdentity): ImportBatch {
  const at = new Date().toISOString();
  return {
    id: randomBytes(8).toString('hex'),
    agencyId,
    kind: 'publications',
    state: 'open',
    rows: 0,
    createdBy: staff.username,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

type BatchAction = 'submit' | 'approve' | 'return';

function batchActions(batch: ImportBatch, staff: StaffIdentity): BatchAction[] {
  const actions: BatchAction[] = [];
  if (batch.state === 'open' && staff.roles.includes('handler') && batch.rows > 0) actions.push('submit');
  if (batch.state === 'submitted' && staff.roles.includes('reviewer')) actions.push('approve', 'return');
  return actions;
}

export const batchView = (batch: ImportBatch, staff: StaffIdentity) => ({
  id: batch.id,
  state: batch.state,
  stateLabel: batchStates[batch.state],
  rows: batch.rows,
  createdBy: batch.createdBy,
  createdAt: batch.createdAt,
  submittedBy: batch.submittedBy ?? null,
  review: batch.review ?? null,
  jobId: batch.jobId ?? null,
  result: batch.result ?? null,
  version: batch.version,
  actions: batchActions(batch, staff),
});

export async function listBatches(staff: StaffIdentity, page: { limit?: number; cursor?: string }) {
  const { items, next } = await agencyBatchesPage(staff.agencyId, { limit: page.limit ?? 20, cursor: page.cursor });
  return { batches: items.map((b) => batchView(b, staff)), next };
}

/** Site tasks counted at most, for the batch page's line on the site catching up. */
const siteTasksCap = 1000;

/**
 * The batch, a page of its rows in order of date, its job's progress while it imports, and once
 * approved, how many of the site's render tasks still wait (its pages follow the job by minutes).
 */
export async function batchDetail(id: string, staff: StaffIdentity, page: { limit?: number; cursor?: string }) {
  const batch = await ownBatch(id, staff);
  const [rows, job, site] = await Promise.all([
    batchRowsPage(batch.id, { limit: page.limit ?? 50, cursor: page.cursor }),
    batch.jobId ? getJob(batch.jobId) : undefined,
    batch.jobId ? renderTasksWaiting(siteTasksCap) : undefined,
  ]);
  return {
    ...batchView(batch, staff),
    progress: job
      ? { ...job.progress, state: job.state, startedAt: batch.review?.at ?? batch.updatedAt, updatedAt: job.updatedAt }
      : null,
    site: site ? { waiting: site.count, more: site.more } : null,
    rowsPage: rows.items.map((r) => ({
      row: r.row,
      id: r.id,
      title: r.content.title,
      category: r.content.category,
      documentNumber: r.content.documentNumber ?? null,
      writtenOn: r.content.writtenOn,
      publishedOn: r.publishedOn,
      indexNumber: r.indexNumber ?? null,
      attachments: r.files.map((f) => f.fileName),
    })),
    next: rows.next,
  };
}

/** Submit (the handler), approve (a reviewer other than the submitter: the job starts) or return. */
export async function batchStep(
  id: string,
  input: { version: number; action: { type: BatchAction; secrecyCheck?: string; comments?: string } },
  staff: StaffIdentity,
) {
  const batch = await ownBatch(id, staff);
  if (batch.version !== input.version) throw stale('该批次已被他人更新，请刷新后重试。');
  const { type } = input.action;
  if (!batchActions(batch, staff).includes(type)) {
    if (type === 'submit' && batch.rows === 0) throw conflict('该批次还没有导入任何一行。');
    if (
      (type === 'submit' && !staff.roles.includes('handler')) ||
      (type !== 'submit' && !staff.roles.includes('reviewer'))
    )
      throw forbidden('您的角色不能执行此操作。');
    throw conflict(`该批次当前为“${batchStates[batch.state]}”，不能执行此操作。`);
  }
  const at = new Date().toISOString();
  let moved: boolean;
  if (type === 'submit') moved = await moveBatch(batch, { state: 'submitted', submittedBy: staff.username });
  else if (type === 'return') {
    if (!input.action.comments?.trim())
      throw badRequest('请填写退回意见。', [{ field: 'action.comments', message: '请填写' }]);
    moved = await moveBatch(batch, {
      state: 'open',
      review: { by: staff.username, at, approved: false, comments: input.action.comments },
    });
  } else {
    if (batch.submittedBy === staff.username)
      throw forbidden('导入批次须由提交人以外的另一名审核人审核，不能审核通过自己提交的批次。');
    if (!input.action.secrecyCheck?.trim())
      throw badRequest('发布前须记录保密审查意见。', [{ field: 'action.secrecyCheck', message: '请填写' }]);
    const jobId = randomBytes(8).toString('hex');
    moved = await moveBatch(
      batch,
      {
        state: 'importing',
        jobId,
        review: { by: staff.username, at, approved: true, secrecyCheck: input.action.secrecyCheck },
      },
      {
        id: jobId,
        kind: 'importPublications',
        params: { batchId: batch.id },
        by: staff.username,
        agencyId: batch.agencyId,
      },
    );
  }
  if (!moved) throw stale('该批次已被他人更新，请刷新后重试。');
  return batchView((await getBatch(batch.id))!, staff);
}

/** The agency's choices for category values of its old catalogue, with every category it may choose. */
export async function categoryMapView(staff: StaffIdentity) {
  const agency = await getAgency(staff.agencyId);
  if (!agency) throw notFound('未找到您所属的机关。');
  const map = await getCategoryMap(agency.id);
  return {
    choices: Object.entries(map.choices).map(([value, c]) => ({ value, ...c })),
    options: categoriesFor(agency.kind).map((c) => ({ slug: c.slug, name: c.name, article: c.article })),
    version: map.version,
  };
}

/**
 * The office chooses, once, the statutory category each of its old values stands for; later imports
 * (a dry run again, or next month's sheet) map them so. A null category forgets the choice.
 */
export async function saveCategoryChoices(input: z.output<ReturnType<typeof categoryMapInput>>, staff: StaffIdentity) {
  if (!publicationAccess(staff, 'own').create) throw forbidden('只有经办人可以设置类别对应关系。');
  const agency = await getAgency(staff.agencyId);
  if (!agency) throw notFound('未找到您所属的机关。');
  const offered = new Set(categoriesFor(agency.kind).map((c) => c.slug));
  const wrong = input.choices.flatMap((c, i) =>
    c.category && !offered.has(c.category)
      ? [
          {
            field: `choices.${i}.category`,
            message: categoryBySlug.has(c.category)
              ? `「${categoryBySlug.get(c.category)!.name}」仅适用于乡镇人民政府（条例第二十一条）`
              : `「${c.category}」不是法定主动公开内容的类别`,
          },
        ]
      : [],
  );
  if (wrong.length) throw badRequest(wrong.map((w) => w.message).join('；'), wrong);
  const map = await getCategoryMap(agency.id);
  if (map.version !== input.version) throw stale('类别对应关系已被他人修改，请刷新后重试。');
  const at = new Date().toISOString();
  const choices = { ...map.choices };
  for (const choice of input.choices) {
    const key = categoryKey(choice.value);
    if (choice.category) choices[key] = { category: choice.category, by: staff.username, at };
    else delete choices[key];
  }
  if (!(await saveCategoryMap(agency.id, { choices, version: map.version })))
    throw stale('类别对应关系已被他人修改，请刷新后重试。');
  return categoryMapView(staff);
}
