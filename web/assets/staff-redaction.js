// @ts-check
// 在线遮盖 (issue 43): a file of an answer (部分公开) or a publication's attachment redacted in the
// console. The file's pages are shown as images with the marks outlined; staff mark by search, by
// the 个人信息检查's findings or by drawing a rectangle (or typing its numbers), each mark with its
// ground in the 条例 and a reason; the redaction function produces the file and verifies it by a
// second reading, and only a verified file can be used. The work is the API's
// (/api/staff/redactions); this dialog lays it out.
import { ApiError, api, beijing, errorText, h, message, openFile, pause } from './staff-kit.js';

/**
 * @typedef {{ kind: 'answer', receiptNumber: string, upload: string } | { kind: 'attachment', publicationId: string, attachment: string }} RedactionSource
 * @typedef {import('./api-types').Answer<'GET /api/staff/redactions/{id}'>} RedactionView
 * @typedef {RedactionView['marks'][number]['input']} MarkInput
 * @typedef {NonNullable<RedactionView['verification']>['checks'][number]} Check
 */

/** The grounds of 条例第十四、十五、十六条 (core/redaction.ts redactionGrounds), as the select offers them. */
const grounds = [
  { value: '14', label: '第十四条 国家秘密等' },
  { value: '15', label: '第十五条 商业秘密、个人隐私' },
  { value: '16', label: '第十六条 内部事务信息、过程性信息、行政执法案卷' },
];

/** The file types the platform redacts, by name: PDF, Word, Excel, JPEG and PNG. @param {string} fileName */
export const redactable = (fileName) => /\.(pdf|docx|xlsx|jpe?g|png)$/i.test(fileName);

/** A page's units, for the area fields' hint. @param {string} format */
const unitsOf = (format) => (format === 'pdf' ? '点' : '像素');

/** The verification's checks by name (verify.ts), in words; a check not listed shows its name. */
const checkLabels = /** @type {Record<string, string>} */ ({
  text: '重新读取文字',
  bytes: '字节扫描',
  areas: '标记区域',
  privacy: '个人信息检查',
  unchanged: '标记外文字不变',
  revision: '单一版本',
  catalogue: '附属内容清除',
  images: '区域内图像',
  vectors: '区域内图形',
  pixels: '像素涂黑',
  metadata: '元数据清除',
  parts: '文档各部分',
  engine: '处理引擎',
});

/**
 * What a produced file's verification says: passed or not, each check (a failed one naming its
 * marks), when, and by which engines.
 * @param {RedactionView} view
 */
function verificationNodes(view) {
  const verification = view.verification;
  if (!verification) return [];
  const nameOf = (/** @type {string} */ id) => {
    const i = view.marks.findIndex((m) => m.id === id);
    return i >= 0 ? `第 ${i + 1} 项标记（${describeMark(view.marks[i].input)}）` : id;
  };
  return [
    message(
      verification.passed
        ? `校验通过：遮盖后的文件经第二次读取核对，${verification.checks.length} 项检查全部通过。`
        : '校验未通过，未生成可用的文件。请按下列未通过的检查修改标记后重新生成。',
      verification.passed ? 'status' : 'error',
    ),
    h(
      'ul',
      { class: 'redaction-checks' },
      verification.checks.map((c) =>
        h(
          'li',
          {},
          h('span', { class: c.passed ? 'flag' : 'flag flag-overdue' }, c.passed ? '通过' : '未通过'),
          ' ',
          h('strong', {}, checkLabels[c.name] ?? c.name),
          '：',
          c.detail,
          !c.passed && c.markIds?.length ? `（涉及${c.markIds.map(nameOf).join('、')}）` : '',
        ),
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      `校验时间 ${beijing(verification.at)}；读取引擎：${Object.values(verification.engines).join('；')}`,
    ),
  ];
}

/** What the 答复书 says is withheld, by ground (places and reasons, never the words). @param {RedactionView} view */
const withheldList = (view) =>
  view.withheld?.length
    ? h(
        'div',
        {},
        h('p', {}, '不予公开的部分（答复书按此列明）：'),
        h(
          'ul',
          {},
          view.withheld.map((w) =>
            h('li', {}, `条例${w.article}（${w.label}）：${w.places} 处，理由：${w.reasons.join('；')}`),
          ),
        ),
      )
    : '';

/**
 * A redacted file's record where the file is listed (the answer's files): opened, the verification
 * kept with it, what it withholds by ground, and who did what.
 * @param {string} id the redaction's
 */
export function redactionRecord(id) {
  const content = h('div', { 'aria-live': 'polite' });
  const details = /** @type {HTMLDetailsElement} */ (
    h('details', { class: 'redaction-record' }, h('summary', {}, '遮盖处理及核验记录'), content)
  );
  details.addEventListener('toggle', async () => {
    if (!details.open || content.childElementCount) return;
    content.replaceChildren(message('正在读取……'));
    try {
      /** @type {RedactionView} */
      const view = await api('GET /api/staff/redactions/{id}', `/api/staff/redactions/${id}`);
      content.replaceChildren(
        ...verificationNodes(view),
        withheldList(view),
        view.events?.length
          ? h(
              'ol',
              { class: 'timeline' },
              view.events.map((e) => h('li', {}, h('time', { datetime: e.at }, beijing(e.at)), ' ', e.text)),
            )
          : '',
      );
    } catch (error) {
      content.replaceChildren(message(errorText(error), 'error'));
    }
  });
  return details;
}

/** @param {MarkInput} input */
function describeMark(input) {
  switch (input.kind) {
    case 'text':
      return `文字「${input.text}」`;
    case 'pattern':
      return `正则「${input.pattern}」`;
    case 'findings':
      return '全部个人信息检查发现';
    case 'area':
      return `第 ${input.page} 页区域（左 ${input.x}，上 ${input.y}，宽 ${input.width}，高 ${input.height}）`;
  }
}

/**
 * A field's error next to it, as the public forms show the server's (apply.js): the message above
 * the control, the control marked invalid and described by it. No message clears it.
 * @param {HTMLElement} control
 * @param {string} [text]
 */
function fieldError(control, text) {
  const id = `${control.id}-error`;
  document.getElementById(id)?.remove();
  const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && d !== id);
  control.closest('.field')?.classList.toggle('invalid', Boolean(text));
  if (text) {
    control.before(
      h('p', { class: 'field-error', id, role: 'alert' }, h('span', { class: 'visually-hidden' }, '错误：'), text),
    );
    described.push(id);
    control.setAttribute('aria-invalid', 'true');
  } else control.removeAttribute('aria-invalid');
  if (described.length) control.setAttribute('aria-describedby', described.join(' '));
  else control.removeAttribute('aria-describedby');
}

/** Whether a pattern is one the API takes (a JavaScript regular expression, Unicode). @param {string} pattern */
function compiles(pattern) {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** A blob as a data: address (the console's CSP shows images from the site and data: only). @param {Blob} blob */
const dataUrl = (blob) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });

/**
 * The file's pages one at a time (上一页, 下一页): the source with its marks outlined, or the result.
 * With `onDraw`, a rectangle drawn on the page (mouse, pen or touch, while 画框 is on) is handed over
 * in the page's own units.
 * @param {RedactionView} view
 * @param {'source' | 'result'} which
 * @param {{ onDraw?: (rect: { page: number, x: number, y: number, width: number, height: number }) => void, onPage?: (page: number) => void }} [options]
 */
function pageViewer(view, which, options = {}) {
  let page = 1;
  const count = view.pages.length;
  const label = which === 'source' ? '标记' : '遮盖结果';
  const image = /** @type {HTMLImageElement} */ (h('img', { alt: '', draggable: 'false' }));
  // Its line keeps its height whether it says anything or not: the image below never moves under a pointer.
  const status = h('p', { class: 'hint redaction-status', 'aria-live': 'polite' });
  // The image goes in once it has its source (an img without one is not valid HTML).
  const surface = h('div', { class: 'redaction-page' });
  const position = h('span', { class: 'redaction-position' });
  const previous = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'secondary', onclick: () => show(page - 1) }, '上一页')
  );
  const next = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'secondary', onclick: () => show(page + 1) }, '下一页')
  );
  let drawing = false;
  const drawToggle = options.onDraw
    ? /** @type {HTMLButtonElement} */ (
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-pressed': 'false',
            onclick: () => {
              drawing = !drawing;
              drawToggle?.setAttribute('aria-pressed', String(drawing));
              surface.classList.toggle('drawing', drawing);
            },
          },
          '画框',
        )
      )
    : null;
  /** @param {number} to */
  async function show(to) {
    page = Math.min(Math.max(1, to), count);
    previous.disabled = page <= 1;
    next.disabled = page >= count;
    position.textContent = `第 ${page} 页 / 共 ${count} 页`;
    options.onPage?.(page);
    status.textContent = '正在加载页面图像……';
    try {
      const blob = await api(
        'GET /api/staff/redactions/{id}/pages/{page}/page.png',
        `/api/staff/redactions/${view.id}/pages/${page}/page.png?view=${which}`,
      );
      if (!(blob instanceof Blob)) throw new Error('页面图像无法显示。');
      image.src = /** @type {string} */ (await dataUrl(blob));
      if (!image.isConnected) surface.prepend(image);
      image.alt = `第 ${page} 页（${label}${which === 'source' ? '以红框显示' : ''}）`;
      status.textContent = '';
    } catch (error) {
      status.textContent = `第 ${page} 页图像无法加载：${errorText(error)}`;
    }
  }
  if (options.onDraw) {
    const onDraw = options.onDraw;
    /** @type {{ x: number, y: number, box: HTMLElement, pointer: number } | undefined} */
    let start;
    /** @param {PointerEvent} event */
    const at = (event) => {
      const bounds = image.getBoundingClientRect();
      return {
        x: Math.min(Math.max(0, event.clientX - bounds.left), bounds.width),
        y: Math.min(Math.max(0, event.clientY - bounds.top), bounds.height),
      };
    };
    surface.addEventListener('pointerdown', (event) => {
      if (!drawing || !image.complete || !image.naturalWidth) return;
      event.preventDefault();
      surface.setPointerCapture(event.pointerId);
      const box = h('div', { class: 'redaction-box' });
      surface.append(box);
      start = { ...at(event), box, pointer: event.pointerId };
    });
    /** @param {PointerEvent} event */
    const frame = (event) => {
      if (!start) return;
      const { x, y } = at(event);
      return {
        left: Math.min(x, start.x),
        top: Math.min(y, start.y),
        w: Math.abs(x - start.x),
        h: Math.abs(y - start.y),
      };
    };
    surface.addEventListener('pointermove', (event) => {
      const f = frame(event);
      if (!f || !start) return;
      Object.assign(start.box.style, { left: `${f.left}px`, top: `${f.top}px`, width: `${f.w}px`, height: `${f.h}px` });
    });
    /** @param {PointerEvent} event */
    const end = (event) => {
      const f = frame(event);
      if (!f || !start || event.pointerId !== start.pointer) return;
      start.box.remove();
      start = undefined;
      if (event.type === 'pointercancel' || f.w < 4 || f.h < 4) return;
      const size = view.pages[page - 1];
      const scale = size.width / image.getBoundingClientRect().width;
      const round = (/** @type {number} */ n) => Math.round(n * scale * 10) / 10;
      onDraw({ page, x: round(f.left), y: round(f.top), width: round(f.w), height: round(f.h) });
    };
    surface.addEventListener('pointerup', end);
    surface.addEventListener('pointercancel', end);
  }
  const element = h(
    'div',
    { class: 'redaction-viewer' },
    h('p', { class: 'redaction-pager' }, previous, position, next, drawToggle),
    drawToggle
      ? h('p', { class: 'hint' }, '按下“画框”后，在页面图像上按住拖动即可框选区域（手机上用手指拖动）。')
      : null,
    status,
    surface,
  );
  if (count) void show(1);
  return { element, refresh: () => (count ? show(page) : Promise.resolve()), page: () => page };
}

/**
 * Opens the redaction of a file in a dialog over the page. `onApplied` runs once the verified file is
 * used (its view: `result.upload` for an answer's file), and the dialog closes.
 * @param {RedactionSource} source
 * @param {{ fileName: string, onApplied: (view: RedactionView) => void | Promise<void> }} options
 */
export async function openRedaction(source, { fileName, onApplied }) {
  const body = h('div', { class: 'redaction-body' }, message(`正在打开「${fileName}」……`));
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'redaction-dialog', 'aria-labelledby': 'redaction-title' },
      h(
        'div',
        { class: 'redaction-head' },
        h('h2', { id: 'redaction-title' }, `在线遮盖：${fileName}`),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, '关闭'),
      ),
      body,
    )
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  try {
    const view = await api('POST /api/staff/redactions', '/api/staff/redactions', { source });
    redactionBody(view, body, dialog, onApplied);
  } catch (error) {
    body.replaceChildren(message(errorText(error), 'error'));
  }
}

/**
 * The dialog's content for a redaction: the marks and how to add them, the pages, producing and
 * using the result.
 * @param {RedactionView} first
 * @param {HTMLElement} body
 * @param {HTMLDialogElement} dialog
 * @param {(view: RedactionView) => void | Promise<void>} onApplied
 */
function redactionBody(first, body, dialog, onApplied) {
  let view = first;
  const path = /** @type {const} */ (`/api/staff/redactions/${view.id}`);
  const paged = view.pages.length > 0;
  const units = unitsOf(view.format);
  /** The marks as staff have them (a mark just added is here before the API has located it). @type {MarkInput[]} */
  let inputs = view.marks.map((m) => m.input);

  // --- What each new mark is given: its ground and reason
  const ground = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'redact-ground' },
      grounds.map((g) => h('option', { value: g.value, selected: g.value === '15' }, g.label)),
    )
  );
  const reason = /** @type {HTMLInputElement} */ (
    h('input', { id: 'redact-reason', type: 'text', maxlength: 200, 'aria-describedby': 'redact-reason-hint' })
  );
  const search = /** @type {HTMLInputElement} */ (h('input', { id: 'redact-text', type: 'text', maxlength: 200 }));
  const regex = /** @type {HTMLInputElement} */ (h('input', { id: 'redact-regex', type: 'checkbox' }));
  /** @param {string} name @param {string} label @param {number} [max] */
  const numberField = (name, label, max) => {
    const input = /** @type {HTMLInputElement} */ (
      h('input', {
        id: `redact-${name}`,
        type: 'number',
        min: name === 'page' ? 1 : 0,
        max,
        step: name === 'page' ? 1 : 'any',
        inputmode: 'decimal',
      })
    );
    return { input, element: h('div', { class: 'field' }, h('label', { for: input.id }, label), input) };
  };
  const area = {
    page: numberField('page', '页码', view.pages.length || undefined),
    x: numberField('x', `左边距（${units}）`),
    y: numberField('y', `上边距（${units}）`),
    width: numberField('width', `宽度（${units}）`),
    height: numberField('height', `高度（${units}）`),
  };
  area.page.input.value = '1';
  const pageSize = h('p', { class: 'hint', id: 'redact-area-hint' });
  const showSize = () => {
    const size = view.pages[Number(area.page.input.value) - 1];
    pageSize.textContent = size
      ? `第 ${area.page.input.value} 页宽 ${Math.round(size.width)}、高 ${Math.round(size.height)}（${units}），从页面左上角起算。`
      : `页码为 1 至 ${view.pages.length}。`;
  };
  area.page.input.addEventListener('input', showSize);
  showSize();
  const marksList = h('ol', { class: 'redaction-marks' });
  const marksFeedback = h('div', { 'aria-live': 'polite' });
  const produceBox = h('div', { class: 'redaction-produce', 'aria-live': 'polite' });
  const produceButton = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', onclick: () => produce() }, '生成并校验')
  );
  const source = paged
    ? pageViewer(view, 'source', {
        onDraw: (rect) => {
          for (const key of /** @type {const} */ (['page', 'x', 'y', 'width', 'height']))
            area[key].input.value = String(rect[key]);
          showSize();
          addArea();
        },
        onPage: (page) => {
          area.page.input.value = String(page);
          showSize();
        },
      })
    : null;

  /** The ground and reason of a new mark, or nothing (the reason's error shown) when it has none. */
  const common = () => {
    const text = reason.value.trim();
    fieldError(reason, text ? undefined : '请填写遮盖理由。');
    if (!text) {
      reason.focus();
      return undefined;
    }
    return { ground: ground.value, reason: text };
  };

  /** Adds one mark and sends the whole list to be located. @param {MarkInput} mark */
  const add = (mark) => save([...inputs, mark]);

  const addSearch = () => {
    const text = search.value.trim();
    fieldError(
      search,
      text
        ? regex.checked && !compiles(text)
          ? '不是有效的正则表达式，请修改。'
          : undefined
        : '请填写要查找的文字或数字。',
    );
    const given = common();
    if (!text || (regex.checked && !compiles(text))) return search.focus();
    if (!given) return;
    void add(regex.checked ? { kind: 'pattern', pattern: text, ...given } : { kind: 'text', text, ...given }).then(
      (saved) => {
        if (saved) search.value = '';
      },
    );
  };
  const addFindings = () => {
    const given = common();
    if (given) void add({ kind: 'findings', ...given });
  };
  function addArea() {
    /** @type {Record<string, number>} */
    const values = {};
    let wrong = false;
    for (const [key, field] of Object.entries(area)) {
      const value = Number(field.input.value);
      const bad =
        field.input.value === '' ||
        !Number.isFinite(value) ||
        value < 0 ||
        (key === 'page' && (value < 1 || value > view.pages.length)) ||
        ((key === 'width' || key === 'height') && value <= 0);
      fieldError(
        field.input,
        bad ? (key === 'page' ? `请填写 1 至 ${view.pages.length} 的页码。` : '请填写正数。') : undefined,
      );
      wrong ||= bad;
      values[key] = value;
    }
    const given = common();
    if (wrong || !given) return;
    void add({
      kind: 'area',
      page: values.page,
      x: values.x,
      y: values.y,
      width: values.width,
      height: values.height,
      ...given,
    });
  }

  /**
   * The API's answer to a list of marks: located (each with its places), or refused with the marks'
   * fields named (`marks.2.reason`), each shown at its mark.
   * @param {MarkInput[]} marks
   * @returns {Promise<boolean>} whether the API took them
   */
  async function save(marks) {
    inputs = marks;
    marksFeedback.replaceChildren(message('正在查找标记的位置……'));
    try {
      view = await api('PUT /api/staff/redactions/{id}/marks', `${path}/marks`, {
        version: view.version,
        // Each mark's ground is one of the grounds the form offers (条例14, 15, 16): the API refuses any other, naming it.
        marks: /** @type {import('./api-types').Body<'PUT /api/staff/redactions/{id}/marks'>['marks']} */ (marks),
      });
      inputs = view.marks.map((m) => m.input);
      showMarks();
      marksFeedback.replaceChildren(...(view.warnings ?? []).map((w) => message(w, 'error')), withheldList(view));
      await source?.refresh();
      settleProduced();
      return true;
    } catch (error) {
      showMarks(error);
      return false;
    }
  }

  /**
   * The list of marks: what each marks, how many places it covers, its ground and reason (changed in
   * place), and 移除; an error of the API shown at the mark and field it names.
   * @param {unknown} [error]
   */
  function showMarks(error) {
    const located = new Map(view.marks.map((m, i) => [i, m]));
    marksList.replaceChildren(
      ...inputs.map((input, i) => {
        const n = i + 1;
        const found = located.get(i);
        const same = found && JSON.stringify(found.input) === JSON.stringify(input);
        const markGround = /** @type {HTMLSelectElement} */ (
          h(
            'select',
            { id: `mark-${n}-ground` },
            grounds.map((g) => h('option', { value: g.value, selected: g.value === input.ground }, g.label)),
          )
        );
        const markReason = /** @type {HTMLInputElement} */ (
          h('input', { id: `mark-${n}-reason`, type: 'text', maxlength: 200, value: input.reason })
        );
        const change = () =>
          save(
            inputs.map((m, j) => (j === i ? { ...m, ground: markGround.value, reason: markReason.value.trim() } : m)),
          );
        markGround.addEventListener('change', change);
        markReason.addEventListener('change', change);
        const what = h(
          'p',
          { class: 'redaction-mark-what', id: `mark-${n}` },
          h('strong', {}, `第 ${n} 项`),
          ' ',
          describeMark(input),
          '：',
          same
            ? found.places
              ? `共 ${found.places} 处${found.pages?.length ? `（第 ${found.pages.join('、')} 页）` : ''}`
              : h('span', { class: 'flag flag-overdue' }, '未找到')
            : h('span', { class: 'flag' }, '尚未定位'),
        );
        return h(
          'li',
          {},
          what,
          h(
            'div',
            { class: 'redaction-mark-fields' },
            h('div', { class: 'field' }, h('label', { for: markGround.id }, `第 ${n} 项依据`), markGround),
            h('div', { class: 'field' }, h('label', { for: markReason.id }, `第 ${n} 项理由`), markReason),
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => save(inputs.filter((_, j) => j !== i)) },
              `移除第 ${n} 项`,
            ),
          ),
        );
      }),
    );
    marksList.hidden = !inputs.length;
    if (!error) return;
    /** What the API said that names no mark's field, said above the list. */
    const general = [];
    const named = error instanceof ApiError ? error.fields : [];
    for (const f of named) {
      const at = /(?:^|\.)marks\.(\d+)(?:\.(\w+))?/.exec(f.field);
      const sub = at?.[2];
      // A mark's ground or reason at its field; anything else of the mark (its words, pattern, area) under its line.
      const control =
        at && (sub === 'ground' || sub === 'reason')
          ? document.getElementById(`mark-${Number(at[1]) + 1}-${sub}`)
          : null;
      const line = at ? document.getElementById(`mark-${Number(at[1]) + 1}`) : null;
      if (control) fieldError(control, f.message);
      else if (line) line.after(h('p', { class: 'field-error', role: 'alert' }, f.message));
      else general.push(f.message);
    }
    // A refusal naming a mark in its message only (「第 2 项标记：……」) is shown at that mark too.
    const inMessage = /^第 ?(\d+) ?项标记/.exec(error instanceof Error ? error.message : '');
    const markLine = inMessage && document.getElementById(`mark-${inMessage[1]}`);
    if (markLine && !named.length) markLine.after(h('p', { class: 'field-error', role: 'alert' }, errorText(error)));
    const stale = error instanceof ApiError && error.status === 409;
    marksFeedback.replaceChildren(
      markLine && !named.length
        ? message('标记未保存，请按标记旁的提示修改。', 'error')
        : message(named.length && !general.length ? '标记未保存，请按标记旁的提示修改。' : errorText(error), 'error'),
      ...(stale ? [h('p', {}, h('button', { type: 'button', onclick: () => reload() }, '刷新'))] : []),
    );
  }

  /** The redaction as the API has it now (after another tab changed it). */
  async function reload() {
    try {
      view = await api('GET /api/staff/redactions/{id}', path);
      inputs = view.marks.map((m) => m.input);
      showMarks();
      marksFeedback.replaceChildren();
      await source?.refresh();
      settleProduced();
    } catch (error) {
      marksFeedback.replaceChildren(message(errorText(error), 'error'));
    }
  }

  /** Produces the file (a job of the redaction function) and follows it until it is verified or fails. */
  async function produce() {
    if (!inputs.length) {
      produceBox.replaceChildren(message('请先添加至少一项标记。', 'error'));
      return;
    }
    produceButton.disabled = true;
    try {
      view = await api('POST /api/staff/redactions/{id}/produce', `${path}/produce`, { version: view.version });
    } catch (error) {
      produceBox.replaceChildren(message(errorText(error), 'error'));
      produceButton.disabled = false;
      return;
    }
    await follow();
  }

  /** Follows the job (the view's state) until the file is verified or has failed. */
  async function follow() {
    produceButton.disabled = true;
    const started = Date.now();
    const progress = h('progress', { 'aria-label': '生成进度' });
    const said = h('p', {}, '正在生成遮盖后的文件并逐项校验，请稍候……');
    produceBox.replaceChildren(h('div', { class: 'notice', role: 'status' }, said, progress));
    try {
      // Fifteen minutes at most (the redaction function's own limit); the job says how it ended.
      while (view.state === 'producing' && Date.now() - started < 15 * 60_000) {
        await pause(1000);
        if (!dialog.open) return;
        view = await api('GET /api/staff/redactions/{id}', path);
        said.textContent = `正在生成遮盖后的文件并逐项校验，已用 ${Math.round((Date.now() - started) / 1000)} 秒……`;
      }
      showProduced();
    } catch (error) {
      produceBox.replaceChildren(message(errorText(error), 'error'));
    } finally {
      produceButton.disabled = false;
    }
  }

  /** A change of the marks after producing: the result shown no longer matches them. */
  function settleProduced() {
    if (view.state === 'marking' || view.state === 'failed') showProduced();
  }

  /** The verification's checks, and for a verified file its pages and 使用遮盖后的文件. */
  function showProduced() {
    const verification = view.verification;
    if (view.state === 'marking' || view.state === 'producing' || !verification) {
      produceBox.replaceChildren(
        ...(view.state === 'producing' ? [message('仍在生成，请稍后再查看。')] : []),
        ...(view.state === 'failed'
          ? [
              message('生成失败，未生成可用的文件，请按下列原因修改标记后重新生成。', 'error'),
              h(
                'ul',
                { class: 'redaction-checks' },
                (view.failed ?? []).map((f) =>
                  h('li', {}, h('strong', {}, checkLabels[f.check] ?? f.check), '：', f.detail),
                ),
              ),
            ]
          : []),
      );
      return;
    }
    const ready = view.state === 'ready' && verification.passed;
    const preview = ready && paged ? pageViewer(view, 'result') : null;
    const applyFeedback = h('div', { 'aria-live': 'polite' });
    const applyButton = /** @type {HTMLButtonElement} */ (
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            applyButton.disabled = true;
            try {
              view = await api('POST /api/staff/redactions/{id}/apply', `${path}/apply`, { version: view.version });
            } catch (error) {
              applyFeedback.replaceChildren(message(errorText(error), 'error'));
              applyButton.disabled = false;
              return;
            }
            // Closed first: what follows (the file checked again, the page drawn again) shows on the page.
            dialog.close();
            await onApplied(view);
          },
        },
        '使用遮盖后的文件',
      )
    );
    produceBox.replaceChildren(
      h('h3', {}, '校验结果'),
      ...verificationNodes(view),
      withheldList(view),
      ...(preview ? [h('h3', {}, '遮盖结果预览'), preview.element] : []),
      ready
        ? h(
            'p',
            { class: 'actions' },
            applyButton,
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  openFile(
                    'GET /api/staff/redactions/{id}/result',
                    `${path}/result`,
                    view.result?.fileName ?? view.fileName,
                    applyFeedback,
                  ),
              },
              '下载遮盖后的文件',
            ),
          )
        : '',
      applyFeedback,
    );
  }

  const field = (
    /** @type {HTMLElement} */ control,
    /** @type {string} */ label,
    /** @type {Node | null} */ hint = null,
  ) => h('div', { class: 'field' }, h('label', { for: control.id }, label), hint, control);
  body.replaceChildren(
    h(
      'p',
      { class: 'hint' },
      '标记处的内容将被删除（不是覆盖），文件的批注、表单、元数据、附件和修订记录一并清除；生成后由另一读取引擎逐项核对，核对通过才能使用。',
    ),
    h(
      'div',
      { class: 'redaction-layout' },
      h(
        'section',
        { class: 'redaction-tools', 'aria-labelledby': 'redaction-add-title' },
        h('h3', { id: 'redaction-add-title' }, '添加标记'),
        field(ground, '遮盖依据'),
        field(
          reason,
          '遮盖理由',
          h(
            'p',
            { class: 'hint', id: 'redact-reason-hint' },
            '简要写明，如：第三方身份证号码。将写入答复书，不写被遮盖的内容。',
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, '按文字查找'),
          field(search, '查找的文字或数字'),
          h('div', { class: 'check' }, regex, h('label', { for: regex.id }, '按正则表达式查找')),
          h('button', { type: 'button', class: 'secondary', onclick: addSearch }, '按查找内容标记'),
        ),
        h(
          'fieldset',
          {},
          h('legend', {}, '个人信息检查'),
          h('button', { type: 'button', class: 'secondary', onclick: addFindings }, '标记全部个人信息检查发现'),
        ),
        paged
          ? h(
              'fieldset',
              { 'aria-describedby': pageSize.id },
              h('legend', {}, '按区域'),
              pageSize,
              h(
                'div',
                { class: 'redaction-area' },
                Object.values(area).map((a) => a.element),
              ),
              h('button', { type: 'button', class: 'secondary', onclick: addArea }, '添加区域标记'),
            )
          : h('p', { class: 'hint' }, 'Word、Excel 文件按文字或个人信息检查发现标记，不能按区域遮盖。'),
        h('h3', {}, '已添加的标记'),
        marksFeedback,
        marksList,
        h('p', { class: 'actions' }, produceButton),
        produceBox,
      ),
      source
        ? h(
            'section',
            { class: 'redaction-pages', 'aria-labelledby': 'redaction-pages-title' },
            h('h3', { id: 'redaction-pages-title' }, '页面（标记以红框显示）'),
            source.element,
          )
        : null,
    ),
  );
  showMarks();
  if (view.state !== 'marking') showProduced();
  if (view.state === 'producing') void follow();
}
