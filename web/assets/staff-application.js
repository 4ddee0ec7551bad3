// @ts-check
// One application in the staff console: what was asked, the deadline and its arithmetic, the
// letters, the timeline, and the steps this member of staff may take now, each a form laid out
// from the API's description (the rules, labels and limits live in the API alone).
import { openRedaction, redactable, redactionRecord } from './staff-redaction.js';
import { casesSection } from './staff-reports.js';
import {
  api,
  beijing,
  errorText,
  flash,
  h,
  hasRole,
  keepReason,
  keptReasons,
  message,
  redraw,
  openFile,
  pause,
  render,
  stepBody,
  stepField,
  stepNote,
  uploadTo,
} from './staff-kit.js';

/** @typedef {import('./staff-kit.js').StepForm} StepForm */
/** @typedef {import('./api-types').Answer<'GET /api/staff/applications/{receiptNumber}'>} Detail */

/** @param {string} html */
function letterFrame(html) {
  const frame = /** @type {HTMLIFrameElement} */ (
    h('iframe', { class: 'letter-frame', title: '文书', sandbox: 'allow-same-origin allow-modals' })
  );
  // As tall as the letter, so it reads as a page rather than a box to scroll.
  frame.addEventListener('load', () => {
    const height = frame.contentDocument?.documentElement.scrollHeight;
    if (height) frame.style.height = `${height + 16}px`;
  });
  frame.srcdoc = html;
  return frame;
}

/**
 * @param {string} receiptNumber
 * @param {{ version: number, number: string }} letter
 * @param {HTMLElement} container
 */
async function showLetter(receiptNumber, letter, container) {
  const html = await api(
    'GET /api/staff/applications/{receiptNumber}/letters/{version}',
    `/api/staff/applications/${encodeURIComponent(receiptNumber)}/letters/${letter.version}`,
  );
  const frame = letterFrame(html);
  container.replaceChildren(
    h(
      'p',
      {},
      h('button', { type: 'button', onclick: () => frame.contentWindow?.print() }, `打印 ${letter.number}`),
      ' ',
      h('button', { type: 'button', onclick: () => saveLetterPdf(receiptNumber, letter) }, '下载 PDF（公文格式）'),
    ),
    frame,
  );
}

/**
 * Saves the letter's PDF (A4, fonts embedded): what is printed and kept on file.
 * @param {string} receiptNumber
 * @param {{ version: number, number: string }} letter
 */
async function saveLetterPdf(receiptNumber, letter) {
  const blob = await api(
    'GET /api/staff/applications/{receiptNumber}/letters/{version}/letter.pdf',
    `/api/staff/applications/${encodeURIComponent(receiptNumber)}/letters/${letter.version}/letter.pdf`,
  );
  const link = h('a', { href: URL.createObjectURL(blob), download: `${letter.number}.pdf` });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * The fee as the form stands, while staff fill it in.
 * @param {string} receiptNumber
 * @param {HTMLFormElement} form
 * @param {HTMLElement} preview
 */
async function previewFee(receiptNumber, form, preview) {
  const data = new FormData(form);
  if (!Number(data.get('quantity'))) return preview.replaceChildren();
  try {
    const query = new URLSearchParams({ scheme: String(data.get('scheme')), quantity: String(data.get('quantity')) });
    const fee = await api(
      'GET /api/staff/applications/{receiptNumber}/fee',
      `/api/staff/applications/${encodeURIComponent(receiptNumber)}/fee?${query}`,
    );
    /** @type {{ receiptNumber: string, receiptDate: string, why: string }[]} */
    const earlier = fee.earlierApplications ?? [];
    preview.replaceChildren(
      h(
        'ul',
        {},
        fee.text.map((/** @type {string} */ line) => h('li', {}, line)),
      ),
      // 按件计收: the applications with the same identity number this month, and whether each is counted.
      ...(earlier.length
        ? [
            h(
              'table',
              { class: 'grid' },
              h('caption', {}, '同一证件号码本月此前的申请'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, '受理编号'),
                  h('th', { scope: 'col' }, '收到日期'),
                  h('th', { scope: 'col' }, '是否计入'),
                ),
              ),
              h(
                'tbody',
                {},
                earlier.map((e) =>
                  h('tr', {}, h('td', {}, e.receiptNumber), h('td', {}, e.receiptDate), h('td', {}, e.why)),
                ),
              ),
            ),
          ]
        : []),
    );
  } catch (error) {
    preview.replaceChildren(message(errorText(error), 'error'));
  }
}

/**
 * A step's form: its fields, sent as the action with the version read.
 * @param {StepForm} step
 * @param {{ receiptNumber: string, version: number }} application
 * @param {HTMLElement} feedback
 */
function stepPanel(step, application, feedback) {
  const { receiptNumber } = application;
  const preview = step.preview === 'fee' ? h('div', { class: 'fee-preview', 'aria-live': 'polite' }) : null;
  // The files given with an answer are checked for others' personal data before it is sent.
  const fileCheck = step.fields.some((f) => f.kind === 'files') ? answerFileCheck(receiptNumber) : null;
  const form = /** @type {HTMLFormElement} */ (
    h(
      'form',
      { class: 'action', 'data-action': step.type },
      step.fields.map((field) => stepField(field, step.type)),
      preview,
      fileCheck?.element,
      h('button', { type: 'submit' }, step.label),
    )
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
    button.disabled = true;
    try {
      const checked = fileCheck ? await fileCheck.ready(form) : {};
      if (!checked) {
        button.disabled = false;
        return;
      }
      const fields = fileCheck ? step.fields.filter((f) => f.kind !== 'files') : step.fields;
      const route = 'POST /api/staff/applications/{receiptNumber}/actions';
      // The step as the API's own form describes it (`core/application-steps.ts`): it refuses what does not fit, naming the field.
      const action = /** @type {import('./api-types').Body<typeof route>['action']} */ ({
        ...(await stepBody({ ...step, fields }, form, 'POST /api/staff/uploads')),
        ...checked,
      });
      const result = await api(route, `/api/staff/applications/${encodeURIComponent(receiptNumber)}/actions`, {
        version: application.version,
        action,
      });
      await redraw(
        () => detailView(receiptNumber),
        `${result.event.text}${result.letter ? ` 已生成${result.letter.title}（${result.letter.number}）。` : ''}`,
      );
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
      if (/** @type {{ status?: number }} */ (error).status === 409)
        feedback.append(h('p', {}, h('button', { type: 'button', onclick: () => detailView(receiptNumber) }, '刷新')));
      button.disabled = false;
    }
  });
  if (preview) form.addEventListener('input', () => previewFee(receiptNumber, form, preview));
  fileCheck?.watch(form);
  return h('details', { class: 'action-panel' }, h('summary', {}, step.label), form);
}

/**
 * 个人信息检查 of the files an answer gives: chosen files are uploaded and checked (the privacy
 * function reads them) as soon as they are chosen, or at the latest when the answer is sent; what it
 * finds is shown with a legal ground and a reason to give for each, or the files are replaced. A PDF,
 * Word, Excel or image file can be redacted in place (在线遮盖, 部分公开): the redacted upload then
 * stands in for the original and is checked again, as a new file is. `ready` answers what the answer
 * carries, or nothing while the handler has findings to look at.
 * @param {string} receiptNumber
 */
function answerFileCheck(receiptNumber) {
  const element = h('div', { class: 'file-check', 'aria-live': 'polite' });
  /** @typedef {{ id: string, fileName: string }} Given */
  /** @typedef {import('./api-types').Answer<'GET /api/staff/applications/{receiptNumber}/file-checks/{id}'>} FileCheck */
  /** @type {{ chosen: File[], files: Given[], check: FileCheck } | undefined} */
  let prepared;
  /** The preparation under way for the files chosen: uploaded, then checked. @type {{ chosen: File[], done: Promise<void> } | undefined} */
  let preparing;
  /** @type {Map<string, import('./staff-kit.js').KeepFields>} */
  const reasons = new Map();
  const path = /** @type {const} */ (`/api/staff/applications/${encodeURIComponent(receiptNumber)}/file-checks`);
  /** @param {Given[]} files */
  const checkFiles = async (files) => {
    /** @type {FileCheck} */
    let check = await api('POST /api/staff/applications/{receiptNumber}/file-checks', path, {
      files: files.map((f) => f.id),
    });
    while (check.state === 'scanning') {
      await pause(1000);
      check = await api('GET /api/staff/applications/{receiptNumber}/file-checks/{id}', `${path}/${check.id}`);
    }
    return check;
  };
  /** The files given, each with 在线遮盖 where the platform can redact it. @param {Given[]} files */
  const fileRows = (files) =>
    h(
      'ul',
      { class: 'files' },
      files.map((f) =>
        h(
          'li',
          {},
          f.fileName,
          redactable(f.fileName)
            ? [
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'secondary',
                    'aria-label': `在线遮盖（部分公开）：${f.fileName}`,
                    onclick: () =>
                      openRedaction(
                        { kind: 'answer', receiptNumber, upload: f.id },
                        { fileName: f.fileName, onApplied: (view) => useRedacted(f, view) },
                      ),
                  },
                  '在线遮盖（部分公开）',
                ),
              ]
            : null,
        ),
      ),
    );
  /**
   * The redacted upload in place of the original, and the files checked again.
   * @param {Given} file @param {import('./staff-redaction.js').RedactionView} view
   */
  const useRedacted = async (file, view) => {
    if (!prepared || !view.result?.upload) return;
    const files = prepared.files.map((f) =>
      f === file
        ? { id: /** @type {string} */ (view.result?.upload), fileName: view.result?.fileName ?? f.fileName }
        : f,
    );
    element.replaceChildren(message('已使用遮盖后的文件，正在重新检查提供的文件……'));
    try {
      prepared = { chosen: prepared.chosen, files, check: await checkFiles(files) };
      show(prepared.check, files);
    } catch (error) {
      element.replaceChildren(message(errorText(error), 'error'));
    }
  };
  /** @param {FileCheck} check @param {Given[]} files */
  const show = (check, files) => {
    reasons.clear();
    const rows = check.findings.map((f) => {
      const keep = keepReason(
        `file-keep-${f.id}`,
        `第 ${f.id} 项提供的`,
        check.grounds,
        '写明具体情况，如：所涉个人信息为申请人本人的信息。',
      );
      reasons.set(f.id, keep);
      return h(
        'tr',
        {},
        h('td', { 'data-label': '编号' }, f.id),
        h('td', { 'data-label': '位置' }, f.whereText),
        h('td', { 'data-label': '类型' }, f.kindLabel, f.name ? `（${f.name}）` : ''),
        h('td', { 'data-label': '摘录' }, f.excerpt || f.reason || ''),
        h('td', { 'data-label': '理由' }, keep.element),
      );
    });
    element.replaceChildren(
      h(
        'div',
        {},
        h('h3', {}, '提供文件的个人信息检查'),
        message(check.summary, check.open ? 'error' : 'status'),
        fileRows(files),
        rows.length
          ? h(
              'table',
              { class: 'grid' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['编号', '位置', '类型', '摘录（已遮盖）', '理由'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h('tbody', {}, rows),
            )
          : null,
      ),
    );
  };
  /** @param {File[]} a @param {File[]} b */
  const sameFiles = (a, b) => a.length === b.length && a.every((f, i) => f === b[i]);
  /** Uploads and checks the files chosen (once for the same choice). @param {File[]} chosen */
  const prepare = (chosen) => {
    if (prepared && sameFiles(prepared.chosen, chosen)) return Promise.resolve();
    if (preparing && sameFiles(preparing.chosen, chosen)) return preparing.done;
    const done = (async () => {
      element.replaceChildren(message('正在上传并检查提供的文件中是否有他人的个人信息……'));
      const files = await Promise.all(
        chosen.map(async (file) => ({ id: await uploadTo('POST /api/staff/uploads', file), fileName: file.name })),
      );
      const check = await checkFiles(files);
      prepared = { chosen, files, check };
      show(check, files);
    })();
    preparing = { chosen, done };
    // A failed upload or check is tried again on the next press.
    done.catch(() => {
      if (preparing?.done === done) preparing = undefined;
    });
    return done;
  };
  /** @param {HTMLFormElement} form */
  const picker = (form) => /** @type {HTMLInputElement | null} */ (form.elements.namedItem('files'));
  /** Starts the check as soon as files are chosen. @param {HTMLFormElement} form */
  const watch = (form) =>
    picker(form)?.addEventListener('change', () => {
      const chosen = [...(picker(form)?.files ?? [])];
      if (chosen.length) prepare(chosen).catch((error) => element.replaceChildren(message(errorText(error), 'error')));
    });
  /** @param {HTMLFormElement} form */
  const ready = async (form) => {
    const chosen = [...(picker(form)?.files ?? [])];
    if (!chosen.length) return {};
    // A check the handler has not seen yet (it finished during this press) is shown first.
    const seen = prepared !== undefined && sameFiles(prepared.chosen, chosen);
    await prepare(chosen);
    if (!prepared) return undefined;
    // What it found is shown first; the answer goes on the next press, with a reason for each.
    if (!seen && (prepared.check.open || prepared.check.state === 'failed')) return undefined;
    const acknowledgements = keptReasons(reasons);
    return {
      files: prepared.files.map((f) => f.id),
      fileCheck: prepared.check.id,
      ...(acknowledgements.length && { privacyAcknowledgements: acknowledgements }),
    };
  };
  return { element, ready, watch };
}

/** @param {[string, unknown][]} pairs */
const facts = (pairs) =>
  h(
    'dl',
    { class: 'facts' },
    pairs.filter(([, v]) => v).map(([k, v]) => h('div', { class: 'row' }, h('dt', {}, k), h('dd', {}, String(v)))),
  );

/**
 * The application's files, each opening in a new tab (a redacted one with its record); nothing when there are none.
 * @param {string} title
 * @template {{ id: string, fileName: string, size: number, redaction?: { id: string } }} F
 * @param {F[]} files
 * @param {string} receiptNumber
 * @param {HTMLElement} feedback
 * @param {(file: F) => string} [prefix]
 */
const fileList = (title, files, receiptNumber, feedback, prefix = () => '') =>
  files.length
    ? [
        h('h2', {}, title),
        h(
          'ul',
          { class: 'files' },
          files.map((f) =>
            h(
              'li',
              {},
              prefix(f),
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () =>
                    openFile(
                      'GET /api/staff/applications/{receiptNumber}/files/{fileId}',
                      `/api/staff/applications/${encodeURIComponent(receiptNumber)}/files/${f.id}`,
                      f.fileName,
                      feedback,
                    ),
                },
                f.fileName,
              ),
              ` ${Math.max(1, Math.round(f.size / 1024))} KB`,
              // A file redacted in the platform (部分公开): its verification and what it withholds.
              f.redaction ? redactionRecord(f.redaction.id) : null,
            ),
          ),
        ),
      ]
    : null;

const serviceChoices = [
  { value: 'post', label: '邮寄送达' },
  { value: 'person', label: '直接送达' },
  { value: 'left', label: '留置送达' },
  { value: 'email', label: '电子邮件送达（以发件箱的发送记录为准）' },
];

/**
 * A letter's proof of service (送达), or the flag that it has none and, for handlers, the form that records it.
 * @param {string} receiptNumber @param {{ version: number }} application
 * @param {Detail['letters'][number]} letter @param {boolean} readOnly
 * @param {HTMLElement} feedback
 */
function serviceLine(receiptNumber, application, letter, readOnly, feedback) {
  const s = letter.service;
  if (s)
    return h(
      'p',
      { class: 'hint' },
      `送达：${s.methodLabel}，${s.method === 'post' ? '交邮' : ''}${s.on}${s.at && s.method !== 'post' ? `（${beijing(s.at)}）` : ''}`,
      s.carrier ? `，${s.carrier} ${s.trackingNumber ?? ''}` : '',
      s.note ? `，${s.note}` : '',
    );
  const flag = h('span', { class: 'flag flag-overdue' }, '未记录送达');
  if (readOnly || !hasRole('handler')) return h('p', {}, flag);
  const form = h(
    'form',
    { class: 'action', 'data-action': `service-${letter.version}` },
    stepField(
      { name: 'method', label: '送达方式', kind: 'choice', required: true, choices: serviceChoices },
      `s${letter.version}`,
    ),
    stepField({ name: 'on', label: '送达日期（邮寄为交邮日期）', kind: 'date' }, `s${letter.version}`),
    stepField(
      {
        name: 'carrier',
        label: '邮寄方式',
        kind: 'choice',
        choices: [
          { value: '', label: '（非邮寄）' },
          { value: 'ems', label: 'EMS' },
          { value: 'registered', label: '挂号信' },
        ],
      },
      `s${letter.version}`,
    ),
    stepField({ name: 'trackingNumber', label: '邮件号码', kind: 'text', maxLength: 20 }, `s${letter.version}`),
    stepField({ name: 'note', label: '说明（签收人；留置送达的地点和见证人）', kind: 'text' }, `s${letter.version}`),
    stepField(
      {
        name: 'receiptScan',
        label: '交寄凭证扫描件（邮寄送达，PDF 或图片）',
        kind: 'files',
        accept: 'application/pdf,image/jpeg,image/png',
      },
      `s${letter.version}`,
    ),
    h('button', { type: 'submit' }, '记录送达'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entries = [...new FormData(form)];
    const data = Object.fromEntries(entries.filter(([, v]) => typeof v === 'string' && v !== ''));
    const scan = entries.find(([name, v]) => name === 'receiptScan' && v instanceof File && v.size > 0)?.[1];
    try {
      if (scan instanceof File) data.receiptScan = await uploadTo('POST /api/staff/uploads', scan);
      const route = 'POST /api/staff/applications/{receiptNumber}/letters/{version}/service';
      const result = await api(
        route,
        `/api/staff/applications/${encodeURIComponent(receiptNumber)}/letters/${letter.version}/service`,
        // The form's fields, named as the route names them: the API refuses a missing one, naming it.
        /** @type {import('./api-types').Body<typeof route>} */ ({ version: application.version, ...data }),
      );
      await redraw(
        () => detailView(receiptNumber),
        `已记录${letter.number}的送达：${result.service.methodLabel}，${result.service.on}。`,
      );
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  });
  return h('details', {}, h('summary', {}, flag, ' 记录送达'), form);
}

/** @param {string} receiptNumber */
export async function detailView(receiptNumber) {
  const detail = await api(
    'GET /api/staff/applications/{receiptNumber}',
    `/api/staff/applications/${encodeURIComponent(receiptNumber)}`,
  );
  const { deadline, events, letters, readOnly, actions, statusLabel } = detail;
  const application = detail.application;
  const applicant = application.applicant;
  const letterBox = h('div', { class: 'letter-box' });
  const feedback = h('div', { 'aria-live': 'polite' });
  const said = flash.take().text;
  render(
    h('p', {}, h('a', { href: '#/' }, '← 返回申请队列')),
    h('h1', {}, `${application.receiptNumber} ${application.request.title}`),
    said ? stepNote(said) : null,
    readOnly ? message('只读：您可以查看本申请，个人信息已遮蔽。') : null,
    // Settled by confirming receipt with the identity checked (确认收到, 已核对申请人身份).
    application.manualReview && !application.handling?.identityConfirmed
      ? message(application.manualReview.reason)
      : null,
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        {},
        h('h2', {}, '申请'),
        facts([
          ['状态', statusLabel],
          ['收到申请之日', application.receiptDate],
          ['经办人', application.handling?.assigneeName ?? application.handling?.assignee ?? '未指定'],
          ['申请人', `${applicant.name}（${applicant.kind === 'person' ? '自然人' : '法人或其他组织'}）`],
          ['证件号码', applicant.idNumber ?? applicant.creditCode],
          ['联系电话', applicant.phone],
          ['电子邮箱', applicant.email],
          ['通信地址', applicant.address],
          ['所需信息', application.request.title],
          ['文件编号', application.request.documentNumber],
          ['内容描述', application.request.description],
          ['载体形式', detail.delivery.medium],
          ['获取方式', detail.delivery.method],
        ]),
        fileList('申请人提交的材料', detail.uploads, receiptNumber, feedback, (f) => `${f.purpose}：`),
        fileList('答复提供的文件', application.handling?.outcome?.files ?? [], receiptNumber, feedback),
        h('h2', {}, '答复期限'),
        h(
          'p',
          { class: 'due' },
          // Waiting for a year's schedule: 待定, and the earliest it can fall (the banner says what to enter).
          deadline.due ?? (deadline.pending?.earliest ? `待定（最早 ${deadline.pending.earliest}）` : '待定'),
          deadline.overdue ? h('span', { class: 'flag flag-overdue' }, '已逾期') : null,
          deadline.dueSoon ? h('span', { class: 'flag flag-soon' }, '3 个工作日内到期') : null,
        ),
        h(
          'ol',
          { class: 'derivation' },
          deadline.steps.map((s) => h('li', {}, s.text)),
        ),
        h('h2', {}, '文书'),
        letters.length
          ? h(
              'ul',
              {},
              letters.map((l) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'link', onclick: () => showLetter(receiptNumber, l, letterBox) },
                    `${l.title}（${l.number}）`,
                  ),
                  ` ${l.issuedOn}`,
                  l.toApplicant ? '' : '（不向申请人公开）',
                  l.toApplicant ? serviceLine(receiptNumber, application, l, readOnly, feedback) : null,
                ),
              ),
            )
          : h('p', {}, '暂无。'),
      ),
      h(
        'div',
        {},
        readOnly ? null : h('h2', {}, '办理'),
        feedback,
        readOnly ? null : relatedSection(detail),
        actions.map((/** @type {StepForm} */ step) => stepPanel(step, application, feedback)),
        readOnly ? null : await casesSection(receiptNumber, readOnly),
        h('h2', {}, '办理记录'),
        h(
          'ol',
          { class: 'timeline' },
          events.map((e) =>
            h(
              'li',
              {},
              h('time', { datetime: e.at }, beijing(e.at)),
              e.actor && !e.text.startsWith(e.actor) ? ` ${e.actorName ?? e.actor} ` : ' ',
              e.text,
              e.public ? '' : h('span', { class: 'flag' }, '内部'),
            ),
          ),
        ),
        detail.caseFileExports.length ? h('h2', {}, '答辩证据导出记录') : null,
        detail.caseFileExports.length
          ? h(
              'ul',
              {},
              detail.caseFileExports.map((x) =>
                h(
                  'li',
                  {},
                  `${beijing(x.at)} ${x.byName ?? x.by} 导出${x.purpose ? `（${x.purpose}）` : ''}，压缩包 SHA-256：${x.sha256}`,
                ),
              ),
            )
          : null,
      ),
    ),
    letterBox,
  );
}

/**
 * Fills the answer's form (where it is offered) as the handler chose from what is related.
 * @param {string} outcome
 * @param {string} basis
 * @param {string} [where] 已主动公开信息的获取方式
 */
function answerWith(outcome, basis, where) {
  const form = document.querySelector('form[data-action="answer"]');
  if (!form) return;
  const set = (/** @type {string} */ name, /** @type {string} */ value) => {
    const control = /** @type {HTMLInputElement | null} */ (form.querySelector(`[name="${name}"]`));
    if (control) control.value = value;
  };
  set('outcome', outcome);
  set('basis', basis);
  set('location', where ?? '');
  form.scrollIntoView({ block: 'start' });
  /** @type {HTMLElement | null} */ (form.querySelector('[name="basis"]'))?.focus();
}

/**
 * A button that fills the answer's form with the answer it names.
 * @param {string} label
 * @param {string} outcome
 * @param {string} basis
 * @param {string} [where]
 */
const suggestion = (label, outcome, basis, where) =>
  h('button', { type: 'button', class: 'link', onclick: () => answerWith(outcome, basis, where) }, label);

/**
 * 重复申请 and 已主动公开 at a glance: the same applicant's similar requests to the agency in the last
 * 12 months (from the API), and published items that match the request (from the site's static
 * search index, in the browser), each with the answer it suggests.
 * @param {Detail} detail
 */
function relatedSection(detail) {
  const answerable = detail.actions.some((/** @type {StepForm} */ a) => a.type === 'answer');
  const earlier = detail.similarEarlier;
  const published = h('ul', { class: 'related-published' });
  const publishedNote = h('p', { class: 'hint' }, '正在查找已主动公开的相关信息…');
  const section = h(
    'section',
    { class: 'related', 'aria-labelledby': 'related-title' },
    h('h3', { id: 'related-title' }, '相关申请与已公开信息'),
    earlier.length
      ? h(
          'div',
          {},
          h('p', {}, '该申请人过去 12 个月向本机关提出的相似申请：'),
          h(
            'ul',
            {},
            earlier.map((e) =>
              h(
                'li',
                {},
                h('a', { href: `#/applications/${encodeURIComponent(e.receiptNumber)}` }, e.receiptNumber),
                ` ${e.title}（${e.receiptDate}收到，${e.outcome ? `${e.answeredOn ?? ''}已答复：${e.outcome}` : e.statusLabel}，相似度 ${Math.round(e.similarity * 100)}%）`,
                answerable && e.outcome
                  ? suggestion(
                      '按重复申请答复',
                      'notProcessed.repeat',
                      `《中华人民共和国政府信息公开条例》第三十六条第（六）项。本机关已于${e.answeredOn ?? e.receiptDate}就相同内容作出答复（受理编号 ${e.receiptNumber}）。`,
                    )
                  : null,
              ),
            ),
          ),
        )
      : h('p', {}, '该申请人过去 12 个月未向本机关提出相似申请。'),
    publishedNote,
    published,
  );
  void (async () => {
    try {
      const { fetchSiteJson, search } = await import('./search-core.js');
      const { results } = await search(detail.application.request.title, { pageSize: 5 }, fetchSiteJson);
      publishedNote.textContent = results.length
        ? '已主动公开的相关信息（如即为所申请的信息，可告知获取方式）：'
        : '未找到已主动公开的相关信息。';
      published.replaceChildren(
        ...results.map((r) =>
          h(
            'li',
            {},
            h('a', { href: r.u, target: '_blank', rel: 'noopener' }, r.t),
            ` ${r.a} · ${r.d} · 索引号 ${r.i} `,
            answerable
              ? suggestion(
                  '按已主动公开答复',
                  'disclosed',
                  '《中华人民共和国政府信息公开条例》第三十六条第（一）项。',
                  `已在本机关政府信息公开专栏主动公开（索引号 ${r.i}），网址：${new URL(r.u, location.origin).href}`,
                )
              : null,
          ),
        ),
      );
    } catch {
      publishedNote.textContent = '暂时无法查找已主动公开的信息。';
    }
  })();
  return section;
}
