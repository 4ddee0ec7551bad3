// @ts-check
// The console's 历史信息导入: an office's spreadsheet (CSV in UTF-8 or GBK, or XLSX) of its old
// catalogue or of applications still open, read in the browser, checked by the API (a dry run, 500
// rows a call, with progress), then imported; a catalogue's rows form a batch a reviewer approves,
// and the attachments named in its rows are taken from a chosen folder or zip by file name.
import {
  api,
  ApiError,
  errorText,
  flash,
  h,
  hasRole,
  message,
  pause,
  render,
  textField,
  uploadTo,
} from './staff-kit.js';

/** Built from web/import/ when the platform starts or deploys; a variable so the typecheck needs no build. */
const reader = './vendor/import-sheet.js';
/** @type {Promise<typeof import('../import/sheet.js')> | undefined} */
let loading;
const sheetReader = () => (loading ??= import(/* @vite-ignore */ reader));

const kinds = {
  publications: { label: '主动公开信息目录', path: '/api/staff/imports/publications', perCall: 500 },
  applications: { label: '在办申请', path: '/api/staff/imports/applications', perCall: 200 },
};

/** The type an attachment's name says, as the API takes it (checked again by its first bytes). */
const typesByExtension = /** @type {Record<string, string>} */ ({
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});

/** The attachment names a row gives (a cell of names separated by ；). @param {unknown} value */
const namesIn = (value) =>
  String(value ?? '')
    .split(/[;；\n|]/)
    .map((n) => n.trim())
    .filter(Boolean);

/** @param {{ row: number, field: string, message: string }[]} errors */
const errorTable = (errors) =>
  h(
    'table',
    { class: 'grid' },
    h('caption', {}, `错误 ${errors.length} 项（按行号）`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['行', '字段', '说明'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      errors.map((e) => h('tr', {}, h('td', {}, String(e.row)), h('td', {}, e.field), h('td', {}, e.message))),
    ),
  );

const batchRow = (/** @type {any} */ b) =>
  h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/imports/${b.id}` }, b.id)),
    h('td', {}, b.stateLabel),
    h('td', {}, String(b.rows)),
    h('td', {}, b.createdBy),
    h('td', {}, b.createdAt.slice(0, 10)),
  );

export async function importsView() {
  const { batches } = await api('GET', '/api/staff/imports/publications');
  const handler = hasRole('handler');
  const feedback = h('div', { 'aria-live': 'polite' });
  const kind = h(
    'select',
    { id: 'import-kind', name: 'kind' },
    Object.entries(kinds).map(([value, k]) => h('option', { value }, k.label)),
  );
  const sheet = h('input', { id: 'import-sheet', type: 'file', accept: '.csv,.xlsx', required: true });
  const files = /** @type {HTMLInputElement} */ (h('input', { id: 'import-files', type: 'file', multiple: true }));
  const folder = /** @type {HTMLInputElement} */ (
    h('input', { id: 'import-folder', type: 'file', multiple: true, webkitdirectory: true })
  );
  /** @type {{ kind: keyof typeof kinds, rows: Record<string, unknown>[], files: Map<string, File> } | undefined} */
  let checked;

  /** The attachments chosen (files, a folder, or the files of a zip), by name. */
  async function chosenFiles() {
    const { filesOfZip } = await sheetReader();
    const found = new Map();
    for (const file of [...(files.files ?? []), ...(folder.files ?? [])]) {
      if (/\.zip$/i.test(file.name)) {
        for (const entry of filesOfZip(new Uint8Array(await file.arrayBuffer())))
          found.set(entry.name, new File([/** @type {BlobPart} */ (entry.data)], entry.name));
      } else found.set(file.name, file);
    }
    return found;
  }

  /** @param {boolean} dryRun */
  async function send(dryRun) {
    const chosen = /** @type {HTMLInputElement} */ (sheet).files?.[0];
    if (!chosen) return feedback.replaceChildren(message('请选择电子表格。', 'error'));
    const which = /** @type {keyof typeof kinds} */ (/** @type {HTMLSelectElement} */ (kind).value);
    const { readSheet, caseHeaderAliases, headerAliases } = await sheetReader();
    let rows;
    /** @type {Map<string, File>} */
    let available;
    try {
      const read = await readSheet(
        chosen.name,
        new Uint8Array(await chosen.arrayBuffer()),
        which === 'applications' ? caseHeaderAliases : headerAliases,
      );
      rows = read.rows;
      available = await chosenFiles();
      if (!rows.length)
        return feedback.replaceChildren(
          message('未在表格中找到表头（如“名称”“信息类别”“发布日期”等列）或数据行，请核对表格。', 'error'),
        );
    } catch (error) {
      return feedback.replaceChildren(message(`无法读取「${chosen.name}」：${errorText(error)}`, 'error'));
    }
    const { path, perCall } = kinds[which];
    /** @type {{ row: number, field: string, message: string }[]} */
    const errors = [];
    /** @type {{ row: number, message: string }[]} */
    const skipped = [];
    /** @type {any[]} */
    const imported = [];
    // The attachments a row names must be among the files chosen.
    if (which === 'publications')
      for (const row of rows)
        for (const name of namesIn(row.attachments))
          if (!available.has(name))
            errors.push({
              row: Number(row.row),
              field: 'attachments',
              message: `第 ${row.row} 行 附件：所选文件中没有「${name}」`,
            });
    const progress = message(`${dryRun ? '正在检查' : '正在导入'}：0 / ${rows.length} 行`);
    feedback.replaceChildren(progress);
    /** @type {any} */
    let batch = null;
    try {
      for (let i = 0; i < rows.length; i += perCall) {
        let chunk = rows.slice(i, i + perCall);
        if (!dryRun && which === 'publications')
          chunk = await Promise.all(
            chunk.map(async (/** @type {Record<string, unknown>} */ row) => {
              const names = namesIn(row.attachments);
              if (!names.length) return row;
              const attachments = [];
              for (const name of names) {
                const file = available.get(name);
                const type = typesByExtension[name.toLowerCase().split('.').pop() ?? ''] ?? file?.type ?? '';
                attachments.push({
                  fileName: name,
                  uploadId: await uploadTo(
                    '/api/staff/publications/uploads',
                    new File([/** @type {File} */ (file)], name, { type }),
                  ),
                });
              }
              return { ...row, attachments };
            }),
          );
        const answer = await api('POST', path, { dryRun, rows: chunk, ...(batch && { batch: batch.id }) });
        errors.push(...answer.errors);
        skipped.push(...answer.skipped);
        imported.push(...(answer.imported ?? []));
        batch = answer.batch ?? batch;
        progress.replaceChildren(
          `${dryRun ? '正在检查' : '正在导入'}：${Math.min(i + perCall, rows.length)} / ${rows.length} 行`,
        );
        if (dryRun === false && errors.length) break;
      }
    } catch (error) {
      if (error instanceof ApiError && error.fields.length)
        errors.push(
          ...error.fields.map((f) => ({
            row: Number(f.field.split('.')[1]) || 0,
            field: f.field.split('.').pop() ?? '',
            message: f.message,
          })),
        );
      else return feedback.replaceChildren(message(errorText(error), 'error'));
    }
    errors.sort((a, b) => a.row - b.row);
    const valid = rows.length - new Set(errors.map((e) => e.row)).size - skipped.length;
    checked = errors.length ? undefined : { kind: which, rows, files: available };
    feedback.replaceChildren(
      message(
        dryRun
          ? `检查完成：共 ${rows.length} 行，${errors.length ? `${new Set(errors.map((e) => e.row)).size} 行有错误，` : ''}${skipped.length ? `${skipped.length} 行已导入过，` : ''}${valid} 行可以导入。${errors.length ? '请在表格中修改后重新检查。' : ''}`
          : errors.length
            ? '导入未完成：以下各行有错误，有错误的部分未导入，请修改后重新导入（已导入的行不会重复）。'
            : `导入完成：${which === 'publications' ? `暂存 ${rows.length - skipped.length} 行，请打开批次提交审核。` : `登记 ${imported.length} 件。`}`,
        errors.length ? 'error' : 'status',
      ),
      errors.length ? errorTable(errors) : '',
      skipped.length
        ? h(
            'details',
            {},
            h('summary', {}, `已导入过的 ${skipped.length} 行（跳过）`),
            h(
              'ul',
              {},
              skipped.map((s) => h('li', {}, s.message)),
            ),
          )
        : '',
      dryRun && checked ? h('button', { type: 'button', onclick: () => send(false) }, '导入') : '',
      batch
        ? h(
            'p',
            {},
            h('a', { href: `#/imports/${batch.id}` }, `打开批次 ${batch.id}（${batch.stateLabel}，${batch.rows} 行）`),
          )
        : '',
      imported.length
        ? h(
            'table',
            { class: 'grid' },
            h('caption', {}, '已登记的申请：请将受理编号和查询码告知申请人（查询码仅此一次显示）'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['行', '原编号', '受理编号', '查询码', '答复期限'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h(
              'tbody',
              {},
              imported.map((c) =>
                h(
                  'tr',
                  {},
                  [c.row, c.oldNumber, c.receiptNumber, c.queryCode, c.replyDue ?? '待定'].map((v) =>
                    h('td', {}, String(v)),
                  ),
                ),
              ),
            ),
          )
        : '',
    );
  }

  render(
    h('h1', {}, '历史信息导入'),
    h(
      'p',
      {},
      '将原网站的主动公开信息目录、原系统中尚在办理的申请导入本平台。先检查，全部无误后再导入；同一行重复导入不会重复登记。导入的信息保留原发布日期，不计为逾期发布，不作为新信息推送。',
    ),
    handler
      ? h(
          'form',
          {
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              send(true);
            },
          },
          h('div', { class: 'field' }, h('label', { for: 'import-kind' }, '导入内容'), kind),
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'import-sheet' }, '电子表格（CSV：UTF-8 或 GBK 编码；或 XLSX）'),
            sheet,
          ),
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'import-files' }, '附件（可多选，或选择一个 ZIP 压缩包；按“附件”列的文件名对应）'),
            files,
          ),
          h('div', { class: 'field' }, h('label', { for: 'import-folder' }, '或选择附件所在的文件夹'), folder),
          h('button', { type: 'submit' }, '检查'),
        )
      : message('只有经办人可以导入；审核人在下方的批次中审核。'),
    feedback,
    h('h2', {}, '导入批次'),
    batches.length
      ? h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['批次', '状态', '行数', '创建人', '创建日期'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h('tbody', {}, batches.map(batchRow)),
        )
      : h('p', {}, '暂无导入批次。'),
  );
}

/** @param {string} id */
export async function importBatchView(id) {
  let batch = await api('GET', `/api/staff/imports/publications/${id}`);
  // While the job publishes the rows, follow it.
  for (let i = 0; batch.state === 'importing' && i < 15; i++) {
    await pause(2000);
    batch = await api('GET', `/api/staff/imports/publications/${id}`);
  }
  const feedback = h('div', { 'aria-live': 'polite' });
  /** @param {Record<string, unknown>} action */
  const step = async (action) => {
    try {
      await api('POST', `/api/staff/imports/publications/${id}/actions`, { version: batch.version, action });
      flash.set(
        action.type === 'approve'
          ? '已审核同意，正在逐行发布。'
          : action.type === 'submit'
            ? '已提交审核。'
            : '已退回。',
      );
      await importBatchView(id);
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };
  const { text } = flash.take();
  const opinion = textField('secrecyCheck', '保密审查意见', { multiline: true, required: true });
  const comments = textField('comments', '退回意见', { multiline: true });
  const field = (/** @type {HTMLElement} */ node, /** @type {string} */ name) =>
    /** @type {HTMLTextAreaElement} */ (node.querySelector(`[name="${name}"]`)).value;
  render(
    h('h1', {}, `导入批次 ${batch.id}`),
    text ? message(text) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, '状态'),
      h('dd', {}, batch.stateLabel),
      h('dt', {}, '行数'),
      h('dd', {}, String(batch.rows)),
      h('dt', {}, '创建人'),
      h('dd', {}, batch.createdBy),
      batch.review
        ? [
            h('dt', {}, batch.review.approved ? '审核' : '退回意见'),
            h(
              'dd',
              {},
              batch.review.approved ? `${batch.review.by}：${batch.review.secrecyCheck}` : batch.review.comments,
            ),
          ]
        : '',
      batch.progress ? [h('dt', {}, '进度'), h('dd', {}, `${batch.progress.done} / ${batch.progress.total} 行`)] : '',
      batch.result
        ? [
            h('dt', {}, '结果'),
            h(
              'dd',
              {},
              `已发布 ${batch.result.published} 条，已存在跳过 ${batch.result.skipped} 条，未能导入 ${batch.result.failedCount ?? batch.result.failed.length} 条`,
            ),
          ]
        : '',
    ),
    batch.result?.failed.length ? errorTable(batch.result.failed) : null,
    feedback,
    batch.actions.includes('submit')
      ? h('button', { type: 'button', onclick: () => step({ type: 'submit' }) }, '提交审核')
      : null,
    batch.actions.includes('approve')
      ? h(
          'form',
          {
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              step({ type: 'approve', secrecyCheck: field(opinion, 'secrecyCheck') });
            },
          },
          opinion,
          h('button', { type: 'submit' }, '审核同意并导入'),
        )
      : null,
    batch.actions.includes('return')
      ? h(
          'form',
          {
            onsubmit: (/** @type {Event} */ e) => {
              e.preventDefault();
              step({ type: 'return', comments: field(comments, 'comments') });
            },
          },
          comments,
          h('button', { type: 'submit' }, '退回'),
        )
      : null,
    h('h2', {}, '各行（按发布日期）'),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['行', '名称', '文号', '成文日期', '发布日期', '索引号', '附件'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        batch.rowsPage.map((/** @type {any} */ r) =>
          h(
            'tr',
            {},
            [
              r.row,
              r.title,
              r.documentNumber ?? '—',
              r.writtenOn,
              r.publishedOn,
              r.indexNumber ?? '（按规则生成）',
              r.attachments.join('、') || '—',
            ].map((v) => h('td', {}, String(v))),
          ),
        ),
      ),
    ),
    batch.next ? h('p', {}, `仅显示前 ${batch.rowsPage.length} 行。`) : null,
    h('p', {}, h('a', { href: '#/imports' }, '返回历史信息导入')),
  );
}
