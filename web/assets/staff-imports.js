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
  redraw,
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
  publications: {
    label: '主动公开信息目录',
    path: /** @type {const} */ ('/api/staff/imports/publications'),
    perCall: 500,
  },
  applications: { label: '在办申请', path: /** @type {const} */ ('/api/staff/imports/applications'), perCall: 200 },
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

/**
 * @param {{ row: number, field: string, message: string }[]} errors
 * @param {{ field: string, label: string }[]} columns the import's, whose names the errors are given under
 */
const errorTable = (errors, columns) =>
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
      errors.map((e) =>
        h(
          'tr',
          {},
          h('td', {}, String(e.row)),
          h('td', {}, e.field === 'row' ? '整行' : (columns.find((c) => c.field === e.field)?.label ?? e.field)),
          h('td', {}, e.message),
        ),
      ),
    ),
  );

/** @param {import('./api-types').Answer<'GET /api/staff/imports/publications'>['batches'][number]} b */
const batchRow = (b) =>
  h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/imports/${b.id}` }, b.id)),
    h('td', {}, b.stateLabel),
    h('td', {}, String(b.rows)),
    h('td', {}, b.createdBy),
    h('td', {}, b.createdAt.slice(0, 10)),
  );

const sourceLabels = /** @type {Record<string, string>} */ ({
  statutory: '法定类别名称',
  synonym: '常用名称，自动对应',
  agency: '本机关已选定',
});

/**
 * The sheet's category values and the statutory category each stands for: the office chooses, once,
 * for the names no rule settles (and may change a synonym's); the choice is kept for its later imports.
 * @param {{ value: string, rows: number, category: string | null, source: string | null }[]} uses
 * @param {() => void} recheck
 */
function categoryTable(uses, recheck) {
  const feedback = h('div', { 'aria-live': 'polite' });
  const choosable = uses.filter((u) => u.source !== 'statutory');
  if (!choosable.length) return '';
  /** @type {Map<string, HTMLSelectElement>} */
  const selects = new Map();
  const table = h(
    'table',
    { class: 'grid' },
    h('caption', {}, '类别对应：原网站的信息类别名称对应的法定主动公开内容类别'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['原类别名称', '行数', '对应的法定类别', '依据'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      choosable.map((u, i) => {
        const select = /** @type {HTMLSelectElement} */ (
          h(
            'select',
            { id: `category-${i}`, 'aria-label': `「${u.value}」对应的法定类别` },
            h('option', { value: '' }, '（请选择）'),
          )
        );
        selects.set(u.value, select);
        return h(
          'tr',
          { class: u.category ? '' : 'attention' },
          h('td', { 'data-label': '原类别名称' }, u.value),
          h('td', { 'data-label': '行数' }, String(u.rows)),
          h('td', { 'data-label': '对应的法定类别' }, select),
          h('td', { 'data-label': '依据' }, u.category ? sourceLabels[u.source ?? ''] : '未对应，请选择'),
        );
      }),
    ),
  );
  api('GET /api/staff/imports/categories', '/api/staff/imports/categories').then(({ options }) => {
    for (const u of choosable) {
      const select = /** @type {HTMLSelectElement} */ (selects.get(u.value));
      for (const o of options) select.append(h('option', { value: o.slug }, o.name));
      select.value = u.category ?? '';
    }
  });
  const save = async () => {
    const changed = choosable
      .map((u) => ({ value: u.value, category: selects.get(u.value)?.value || null }))
      .filter((c, i) => c.category !== choosable[i]?.category && c.category);
    if (!changed.length) return feedback.replaceChildren(message('没有需要保存的对应关系。'));
    try {
      const { version } = await api('GET /api/staff/imports/categories', '/api/staff/imports/categories');
      await api('PUT /api/staff/imports/categories', '/api/staff/imports/categories', { version, choices: changed });
      recheck();
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };
  return h(
    'section',
    {},
    table,
    hasRole('handler') ? h('button', { type: 'button', onclick: save }, '保存对应关系并重新检查') : '',
    feedback,
  );
}

/**
 * A new query code for a carried-over case whose code did not reach the applicant (the old one stops
 * working), with a printable notice for an applicant who has no e-mail.
 * @param {string} receiptNumber
 */
function reissueButton(receiptNumber) {
  const place = h('span', {});
  const reissue = async () => {
    const reason = prompt(
      `重新生成 ${receiptNumber} 的查询码：请填写原因（原查询码将失效）`,
      '迁入时查询码未能告知申请人',
    );
    if (!reason) return;
    try {
      const issued = await api(
        'POST /api/staff/applications/{receiptNumber}/query-code',
        `/api/staff/applications/${encodeURIComponent(receiptNumber)}/query-code`,
        {
          reason,
        },
      );
      place.replaceChildren(
        `新查询码：${issued.queryCode}（仅此一次显示）`,
        ' ',
        h('button', { type: 'button', onclick: () => printNotice(issued) }, '打印查询码告知书'),
      );
    } catch (error) {
      place.replaceChildren(message(errorText(error), 'error'));
    }
  };
  place.append(h('button', { type: 'button', onclick: reissue }, '重新生成查询码'));
  return place;
}

/** @param {{ receiptNumber: string, queryCode: string, notice: Record<string, string> }} issued */
function printNotice(issued) {
  const { notice } = issued;
  const page = window.open('', '_blank');
  if (!page) return;
  page.document.title = notice.title ?? '';
  page.document.body.append(
    h('h1', {}, notice.title ?? ''),
    h('p', {}, `${notice.applicant}：`),
    h('p', {}, notice.text ?? ''),
    h(
      'dl',
      {},
      h('dt', {}, '受理编号'),
      h('dd', {}, issued.receiptNumber),
      h('dt', {}, '所需信息'),
      h('dd', {}, notice.request ?? ''),
      h('dt', {}, '查询码'),
      h('dd', {}, issued.queryCode),
    ),
    h('p', { style: 'text-align:right' }, notice.agency ?? ''),
    h('p', { style: 'text-align:right' }, notice.issuedOn ?? ''),
  );
  page.print();
}

/**
 * The template of an import to fill in, made in the browser from the importer's columns, saved.
 * @param {keyof typeof kinds} kind
 * @param {'csv' | 'xlsx'} format
 */
async function saveTemplate(kind, format) {
  const { templateFile, templateNames } = await sheetReader();
  const type =
    format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const link = h('a', {
    href: URL.createObjectURL(new Blob([/** @type {BlobPart} */ (await templateFile(kind, format))], { type })),
    download: `${templateNames[kind]}.${format}`,
  });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * The columns an import takes, with what to write in each and an example, and its templates.
 * @param {keyof typeof kinds} kind
 * @param {{ field: string, label: string, rule: string, example: string }[]} columns
 */
const templateSection = (kind, columns) =>
  h(
    'section',
    { 'aria-labelledby': 'template-title' },
    h('h2', { id: 'template-title' }, `${kinds[kind].label}的表格`),
    h(
      'p',
      {},
      '可以下载模板填写；原网站或原系统导出的表格也可直接检查，表头名称与下列各列对应即可（常见的其他名称如“标题”“发文字号”也能识别）。',
    ),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => saveTemplate(kind, 'xlsx') }, '下载模板（XLSX，含填写说明）'),
      h('button', { type: 'button', class: 'secondary', onclick: () => saveTemplate(kind, 'csv') }, '下载模板（CSV）'),
    ),
    h(
      'details',
      {},
      h('summary', {}, `各列及填写要求（共 ${columns.length} 列）`),
      h(
        'table',
        { class: 'grid' },
        h('caption', {}, `${kinds[kind].label}的各列`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['列名', '填写要求', '示例'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          columns.map((c) =>
            h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, c.rule), h('td', {}, c.example || '—')),
          ),
        ),
      ),
    ),
  );

export async function importsView() {
  const [{ batches }, { importColumns }] = await Promise.all([
    api('GET /api/staff/imports/publications', '/api/staff/imports/publications'),
    sheetReader(),
  ]);
  const handler = hasRole('handler');
  const feedback = h('div', { 'aria-live': 'polite' });
  const kind = h(
    'select',
    { id: 'import-kind', name: 'kind' },
    Object.entries(kinds).map(([value, k]) => h('option', { value }, k.label)),
  );
  // The chosen import's columns and templates, beside the choice.
  const chosenKind = () => /** @type {keyof typeof kinds} */ (/** @type {HTMLSelectElement} */ (kind).value);
  const templates = h('div', {}, templateSection(chosenKind(), importColumns[chosenKind()]));
  kind.addEventListener('change', () =>
    templates.replaceChildren(templateSection(chosenKind(), importColumns[chosenKind()])),
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
    const { readSheet, caseHeaderAliases, headerAliases, callsOf } = await sheetReader();
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
    /** @type {{ row: number, message: string, receiptNumber?: string }[]} */
    const skipped = [];
    /** @type {import('./api-types').Answer<'POST /api/staff/imports/applications'>['imported']} */
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
    /** @type {import('./api-types').Answer<'POST /api/staff/imports/publications'>['batch']} */
    let batch = null;
    /** Each category value of the sheet, with its rows and what it maps to (the catalogue's dry run). */
    /** @type {Map<string, { value: string, rows: number, category: string | null, source: string | null }>} */
    const categories = new Map();
    // Calls of rows, a repeated 索引号 within one; rows a call did not reach in its time (open cases) go again.
    const queue = callsOf(rows, perCall);
    let sent = 0;
    let stalls = 0;
    let stopped = '';
    try {
      while (queue.length) {
        let chunk = /** @type {Record<string, unknown>[]} */ (queue.shift());
        if (!dryRun && which === 'publications')
          chunk = await Promise.all(
            chunk.map(async (/** @type {Record<string, unknown>} */ row) => {
              // Sent again (a row the last call did not reach): its files are uploaded already.
              if (Array.isArray(row.attachments)) return row;
              const names = namesIn(row.attachments);
              if (!names.length) return row;
              const attachments = [];
              for (const name of names) {
                const file = available.get(name);
                const type = typesByExtension[name.toLowerCase().split('.').pop() ?? ''] ?? file?.type ?? '';
                attachments.push({
                  fileName: name,
                  uploadId: await uploadTo(
                    'POST /api/staff/publications/uploads',
                    new File([/** @type {File} */ (file)], name, { type }),
                  ),
                });
              }
              return { ...row, attachments };
            }),
          );
        // The sheet's rows as read: the API checks each, naming its row and column.
        /** @type {{ dryRun: boolean, rows: never[], batch?: string }} */
        const body = { dryRun, rows: /** @type {never[]} */ (chunk), ...(batch && { batch: batch.id }) };
        /** @type {import('./api-types').Answer<'POST /api/staff/imports/publications' | 'POST /api/staff/imports/applications'>} */
        const answer =
          path === kinds.publications.path
            ? await api('POST /api/staff/imports/publications', path, body)
            : await api('POST /api/staff/imports/applications', kinds.applications.path, body);
        errors.push(...answer.errors);
        skipped.push(...answer.skipped);
        if ('imported' in answer) imported.push(...answer.imported);
        if ('categories' in answer)
          for (const use of answer.categories) {
            const known = categories.get(use.value);
            categories.set(use.value, { ...use, rows: use.rows + (known?.rows ?? 0) });
          }
        if ('batch' in answer) batch = answer.batch ?? batch;
        const pending = new Set(answer.pending ?? []);
        if (pending.size)
          queue.unshift(chunk.filter((/** @type {Record<string, unknown>} */ r) => pending.has(Number(r.row))));
        sent += chunk.length - pending.size;
        // A call that reached none of its rows (a very busy moment): a few tries, then the office is told.
        stalls = pending.size === chunk.length ? stalls + 1 : 0;
        if (stalls > 3)
          throw new Error('系统繁忙，本次导入暂停。已登记的申请见下表，请稍后重新导入其余各行（已登记的不会重复）。');
        progress.replaceChildren(`${dryRun ? '正在检查' : '正在导入'}：${sent} / ${rows.length} 行`);
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
      // Stopped part-way (busy, a timeout): what was registered before is still shown, codes included.
      else
        stopped = `导入中断：${errorText(error)} 已完成的部分见下方，请稍后重新导入（已导入的行不会重复，跳过的申请可重新生成查询码）。`;
    }
    errors.sort((a, b) => a.row - b.row);
    const valid = rows.length - new Set(errors.map((e) => e.row)).size - skipped.length;
    checked = errors.length || stopped ? undefined : { kind: which, rows, files: available };
    feedback.replaceChildren(
      stopped
        ? message(stopped, 'error')
        : message(
            dryRun
              ? `检查完成：共 ${rows.length} 行，${errors.length ? `${new Set(errors.map((e) => e.row)).size} 行有错误，` : ''}${skipped.length ? `${skipped.length} 行已导入过，` : ''}${valid} 行可以导入。${errors.length ? '请在表格中修改后重新检查。' : ''}`
              : errors.length
                ? '导入未完成：以下各行有错误，有错误的部分未导入，请修改后重新导入（已导入的行不会重复）。'
                : `导入完成：${which === 'publications' ? `暂存 ${rows.length - skipped.length} 行，请打开批次提交审核。` : `登记 ${imported.length} 件。`}`,
            errors.length ? 'error' : 'status',
          ),
      categories.size ? categoryTable([...categories.values()], () => send(true)) : '',
      errors.length ? errorTable(errors, importColumns[which]) : '',
      skipped.length
        ? h(
            'details',
            {},
            h('summary', {}, `已导入过的 ${skipped.length} 行（跳过）`),
            h(
              'ul',
              {},
              skipped.map((s) =>
                h('li', {}, s.message, ' ', s.receiptNumber && !dryRun ? reissueButton(s.receiptNumber) : ''),
              ),
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
          templates,
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

/**
 * The job's progress (rows a second, the time still to go) and then the site's: its pages follow the
 * job by minutes on a large import. Read again every few seconds while this batch's page is open.
 * @param {Batch} batch
 */
function progressText(batch) {
  const { progress, site } = batch;
  if (!progress) return ''; // shown only once the job has begun
  const parts = [];
  if (batch.state === 'importing') {
    const seconds = (Date.parse(progress.updatedAt ?? '') - Date.parse(progress.startedAt)) / 1000;
    const rate = progress.done && seconds > 0 ? progress.done / seconds : 0;
    parts.push(`正在发布：${progress.done} / ${progress.total} 行`);
    if (rate) {
      const left = Math.ceil((progress.total - progress.done) / rate / 60);
      parts.push(`约每秒 ${rate.toFixed(1)} 行，预计还需 ${left} 分钟`);
    }
  } else parts.push(`已发布 ${progress.done} / ${progress.total} 行`);
  if (site)
    parts.push(
      site.waiting
        ? `公开网站页面正在生成，待处理 ${site.waiting}${site.more ? ' 项以上' : ' 项'}（大批量导入时，网站在导入完成后数分钟内陆续更新，属正常情况）`
        : '公开网站页面已全部生成',
    );
  return `${parts.join('；')}。`;
}

/**
 * @param {string} id
 * @param {Batch} batch
 */
function followed(id, batch) {
  const node = h('span', { 'aria-live': 'polite' }, progressText(batch));
  const here = location.hash;
  (async () => {
    let now = batch;
    while (location.hash === here && (now.state === 'importing' || now.site?.waiting)) {
      await pause(3000);
      if (location.hash !== here) return;
      const next = await api(
        'GET /api/staff/imports/publications/{batchId}',
        `/api/staff/imports/publications/${id}`,
      ).catch(() => undefined);
      if (!next) continue;
      if (next.state !== now.state) return importBatchView(id);
      now = next;
      node.replaceChildren(progressText(now));
    }
  })();
  return node;
}

/** @typedef {import('./api-types').Answer<'GET /api/staff/imports/publications/{batchId}'>} Batch */
/** @param {string} id */
export async function importBatchView(id) {
  const batch = await api('GET /api/staff/imports/publications/{batchId}', `/api/staff/imports/publications/${id}`);
  // Rows the job could not publish, named by the catalogue's columns.
  const columns = batch.result?.failed.length ? (await sheetReader()).importColumns.publications : [];
  const feedback = h('div', { 'aria-live': 'polite' });
  /** @param {import('./api-types').Body<'POST /api/staff/imports/publications/{batchId}/actions'>['action']} action */
  const step = async (action) => {
    try {
      await api(
        'POST /api/staff/imports/publications/{batchId}/actions',
        `/api/staff/imports/publications/${id}/actions`,
        { version: batch.version, action },
      );
      await redraw(
        () => importBatchView(id),
        action.type === 'approve'
          ? '已审核同意，正在逐行发布。'
          : action.type === 'submit'
            ? '已提交审核。'
            : '已退回。',
      );
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
      batch.progress ? [h('dt', {}, '进度'), h('dd', {}, followed(id, batch))] : '',
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
    batch.result?.failed.length ? errorTable(batch.result.failed, columns) : null,
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
        batch.rowsPage.map((r) =>
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
