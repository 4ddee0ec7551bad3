// @ts-check
// The staff console's 主动公开: the agency's list, the content form, and the steps the API offers
// (submit, review, revision, withdrawal), each laid out from its description.
import { richEditor } from './staff-editor.js';
import { openRedaction, redactable } from './staff-redaction.js';
/** @typedef {import('./staff-kit.js').StepForm} StepForm */
import {
  api,
  beijing,
  errorText,
  findingsTable,
  flash,
  h,
  keptReasons,
  me,
  message,
  moreButton,
  openFile,
  pause,
  render,
  siteProgress,
  stepBody,
  stepField,
  textField,
  uploadTo,
} from './staff-kit.js';

/** @typedef {{ slug: string, name: string, article: string, validity: boolean }} Category */
/** @typedef {import('./api-types').Answer<'GET /api/staff/publications/{id}'>} Detail */

/** @param {import('./api-types').Answer<'GET /api/staff/publications'>['publications'][number]} p a publication's summary */
const publicationRow = (p) =>
  h(
    'tr',
    {},
    h('td', {}, h('a', { href: `#/publications/${p.id}` }, p.title)),
    h('td', {}, p.categoryName),
    h('td', {}, p.statusLabel),
    h('td', {}, p.indexNumber ?? '—'),
    h('td', {}, p.publishedOn ?? '—', p.late ? h('span', { class: 'flag flag-overdue' }, '逾期发布') : null),
  );

export async function publicationsView() {
  const first = await api('GET /api/staff/publications', '/api/staff/publications');
  const body = h('tbody', {}, first.publications.map(publicationRow));
  render(
    h('h1', {}, '主动公开'),
    h(
      'p',
      {},
      first.can.create ? h('a', { class: 'button', href: '#/publications/new' }, '新建信息') : null,
      first.late ? h('span', { class: 'flag flag-overdue' }, `超过 20 个工作日发布 ${first.late} 件`) : null,
    ),
    first.publications.length
      ? h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['名称', '类别', '状态', '索引号', '发布日期'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          body,
        )
      : h('p', {}, '暂无信息。'),
    moreButton(
      'GET /api/staff/publications',
      '/api/staff/publications',
      new URLSearchParams(),
      first,
      'publications',
      publicationRow,
      body,
    ),
  );
}

/** @param {File} file */
const uploadAttachment = (file) => uploadTo('POST /api/staff/publications/uploads', file);

/** @param {string} id a publication's id, or `new` */
export async function publicationView(id) {
  const [list, detail] = await Promise.all([
    api('GET /api/staff/publications', '/api/staff/publications?limit=1'),
    id === 'new' ? null : api('GET /api/staff/publications/{id}', `/api/staff/publications/${id}`),
  ]);
  /** @type {{ categories: Category[], topics: string[] }} */
  const { categories, topics } = list;
  const item = detail?.item;
  const content = item?.content ?? {
    title: '',
    // Chosen by whoever writes it: no category is right for every item (a town makes no 规章).
    category: '',
    topic: topics[0],
    writtenOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    summary: '',
    bodyHtml: '',
    attachments: [],
  };
  const actions = detail?.actions ?? [];
  // A new item is written by whoever may create one; a stored one where the API offers its edit step.
  const editable = item ? actions.some((/** @type {StepForm} */ a) => a.type === 'edit') : list.can.create;
  const feedback = h('div', { 'aria-live': 'polite' });
  const body = richEditor('bodyHtml', content.bodyHtml, { editable });
  let kept = [...content.attachments];
  const keptList = h('ul', { class: 'files' });
  /** The item's checks as last read (followed while its attachments are read). */
  let checked = detail;
  // An attachment's open 个人信息检查 finding in its content (not its name) can be redacted in place.
  const findingIn = (/** @type {string} */ attachmentId) =>
    [...(checked?.privacyFindings ?? []), ...(checked?.draftCheck?.findings ?? [])].some(
      (f) =>
        f.where?.attachmentId === attachmentId &&
        f.where.section !== '文件名' &&
        !f.acknowledged &&
        f.kind !== 'expression' &&
        f.kind !== 'unchecked',
    );
  // Replaced in place while a draft or under review; a published item is revised first (the API refuses it).
  const inPlace = ['draft', 'revising', 'submitted', 'revisionSubmitted'].includes(item?.status ?? '');
  /** @param {{ id: string, fileName: string }} a */
  const redactButton = (a) =>
    item && inPlace && redactable(a.fileName) && findingIn(a.id)
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `在线遮盖：${a.fileName}`,
            onclick: () =>
              openRedaction(
                { kind: 'attachment', publicationId: item.id, attachment: a.id },
                {
                  fileName: a.fileName,
                  onApplied: async () => {
                    flash.set(`已使用遮盖后的附件「${a.fileName}」，个人信息检查将重新读取附件。`);
                    await publicationView(item.id).catch((error) =>
                      feedback.replaceChildren(message(errorText(error), 'error')),
                    );
                  },
                },
              ),
          },
          '在线遮盖',
        )
      : null;
  const showKept = () =>
    keptList.replaceChildren(
      ...kept.map((a) =>
        h(
          'li',
          {},
          item
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () =>
                    openFile(
                      'GET /api/staff/publications/{id}/attachments/{attachmentId}',
                      `/api/staff/publications/${item.id}/attachments/${a.id}`,
                      a.fileName,
                      feedback,
                    ),
                },
                a.fileName,
              )
            : a.fileName,
          ' ',
          redactButton(a),
          ' ',
          editable
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    kept = kept.filter((k) => k.id !== a.id);
                    showKept();
                  },
                },
                '移除',
              )
            : null,
        ),
      ),
    );
  showKept();
  const validityField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'a-validity' }, '有效性'),
    h(
      'select',
      { id: 'a-validity', name: 'validity' },
      h('option', { value: 'valid', selected: content.validity?.state !== 'repealed' }, '有效'),
      h('option', { value: 'repealed', selected: content.validity?.state === 'repealed' }, '已废止'),
    ),
    h('label', { for: 'a-repealedOn' }, '废止日期'),
    h('input', { id: 'a-repealedOn', name: 'repealedOn', type: 'date', value: content.validity?.repealedOn ?? '' }),
  );
  const categorySelect = h(
    'select',
    // Required while it offers the empty choice (HTML allows required only over an empty first option).
    { id: 'a-category', name: 'category', required: !content.category },
    content.category ? null : h('option', { value: '' }, '（请选择）'),
    categories.map((c) =>
      h('option', { value: c.slug, selected: c.slug === content.category }, `${c.name}（${c.article}）`),
    ),
  );
  const showValidity = () => {
    validityField.hidden = !categories.find((c) => c.slug === categorySelect.value)?.validity;
  };
  categorySelect.addEventListener('change', showValidity);
  showValidity();
  const form = h(
    'form',
    { class: 'publication' },
    textField('title', '名称', { required: true, value: content.title, maxlength: 200 }),
    h('div', { class: 'field' }, h('label', { for: 'a-category' }, '信息类别（法定主动公开内容）'), categorySelect),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'a-topic' }, '主题分类'),
      h(
        'select',
        { id: 'a-topic', name: 'topic' },
        topics.map((t) => h('option', { value: t, selected: t === content.topic }, t)),
      ),
    ),
    textField('documentNumber', '文号（如 露政发〔2026〕3号）', {
      value: content.documentNumber ?? '',
      maxlength: 50,
    }),
    textField('writtenOn', '成文日期', { type: 'date', required: true, value: content.writtenOn }),
    validityField,
    textField('summary', '内容概述', { multiline: true, value: content.summary, maxlength: 1000 }),
    body.element,
    h(
      'div',
      { class: 'field' },
      h('p', {}, '附件'),
      keptList,
      editable
        ? h('input', {
            type: 'file',
            name: 'files',
            multiple: true,
            'aria-label': '添加附件',
            accept: '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png',
          })
        : null,
    ),
    item?.status === 'revising'
      ? textField('revisionNote', '修订说明', { multiline: true, value: item.revisionNote ?? '', required: true })
      : null,
  );
  for (const control of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input, select, textarea')))
    control.disabled = !editable && control.type !== 'file';

  /**
   * The item's content as the form holds it: its choices are the API's own, and the API refuses what
   * does not fit, naming the field.
   * @returns {Promise<import('./api-types').Body<'POST /api/staff/publications'>>}
   */
  async function contentFromForm() {
    const data = new FormData(form);
    /** @type {HTMLInputElement | null} */
    const picker = form.querySelector('input[type=file]');
    const uploads = await Promise.all([...(picker?.files ?? [])].map(uploadAttachment));
    const category = categories.find((c) => c.slug === data.get('category'));
    return /** @type {import('./api-types').Body<'POST /api/staff/publications'>} */ ({
      title: data.get('title'),
      category: data.get('category'),
      topic: data.get('topic'),
      documentNumber: data.get('documentNumber') || undefined,
      writtenOn: data.get('writtenOn'),
      summary: data.get('summary') ?? '',
      bodyHtml: body.value(),
      attachments: [...kept.map((a) => a.id), ...uploads],
      ...(category?.validity && {
        validity: {
          state: data.get('validity'),
          ...(data.get('repealedOn') && { repealedOn: data.get('repealedOn') }),
        },
      }),
    });
  }
  /** @param {() => Promise<{ id: string, event?: { text: string } | null, site?: unknown }>} work */
  const run = (work) => async () => {
    try {
      const result = await work();
      flash.set(result.event?.text ?? '已保存。', { site: Boolean(result.site) });
      location.hash = `#/publications/${result.id}`;
      if (id === result.id) await publicationView(id);
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };
  /** @param {import('./api-types').Body<'POST /api/staff/publications/{id}/actions'>['action']} action */
  const step = (action) =>
    api('POST /api/staff/publications/{id}/actions', `/api/staff/publications/${id}/actions`, {
      version: item?.version ?? 0,
      action,
    });
  /** @type {HTMLElement[]} */
  const buttons = [];
  if (editable) {
    buttons.push(
      h(
        'button',
        {
          type: 'button',
          onclick: run(async () =>
            item
              ? step({
                  type: 'edit',
                  content: await contentFromForm(),
                  ...(item.status === 'revising' && {
                    revisionNote: String(new FormData(form).get('revisionNote') ?? ''),
                  }),
                })
              : api('POST /api/staff/publications', '/api/staff/publications', await contentFromForm()),
          ),
        },
        '保存',
      ),
    );
  }
  // The other steps the API offers: a button each, with its own small form where it asks for something.
  const reviewForm = h('div', { class: 'review' });
  /** @typedef {import('./api-types').Body<'POST /api/staff/publications/{id}/actions'>['action']} Action */
  /** @param {Action} action */
  const take = (action) => run(() => step(action))();
  const privacy = detail ? privacySection(detail, take) : null;
  // The check of the draft as saved: what the handler mends before submitting.
  const draftCheck = detail && editable ? privacySection(detail, take, 'draftCheck') : null;
  for (const offered of actions.filter((/** @type {StepForm} */ a) => a.type !== 'edit' && a.type !== 'acknowledge')) {
    /** @type {StepForm} */
    const next = offered;
    if (!next.fields.length) {
      buttons.push(
        h(
          'button',
          {
            type: 'button',
            class: next.type === 'submit' ? undefined : 'secondary',
            // A step the API offers without fields: its type alone.
            onclick: run(() => step(/** @type {Action} */ ({ type: next.type }))),
          },
          next.label,
        ),
      );
      continue;
    }
    const stepForm = h(
      'form',
      { class: 'step', 'data-action': next.type },
      next.fields.map((field) => stepField(field, next.type)),
      h('button', { type: 'submit', class: next.type === 'approve' ? undefined : 'secondary' }, next.label),
    );
    stepForm.addEventListener('submit', (event) => {
      event.preventDefault();
      // The step as the API's own form describes it: it refuses what does not fit, naming the field.
      run(async () =>
        step(/** @type {Action} */ (await stepBody(next, stepForm, 'POST /api/staff/publications/uploads'))),
      )();
    });
    reviewForm.append(stepForm);
  }
  const said = flash.take();
  const saidNote = said.text ? message(settledNote(said.text, detail)) : null;
  // A note saying the attachments are being read is replaced once they are (see `followCheck`).
  if (saidNote) saidNote.dataset.flash = '';
  const live = item?.published && item.status !== 'withdrawn';
  render(
    h('p', {}, h('a', { href: '#/publications' }, '← 返回主动公开')),
    h('h1', {}, item ? content.title : '新建信息'),
    saidNote,
    said.site ? siteProgress() : null,
    item
      ? h(
          'dl',
          { class: 'facts' },
          h('div', { class: 'row' }, h('dt', {}, '状态'), h('dd', {}, detail.statusLabel)),
          item.indexNumber ? h('div', { class: 'row' }, h('dt', {}, '索引号'), h('dd', {}, item.indexNumber)) : null,
          item.published
            ? h(
                'div',
                { class: 'row' },
                h('dt', {}, '发布'),
                h(
                  'dd',
                  {},
                  `${item.published.publishedOn}（第 ${item.published.revision} 版）`,
                  item.published.late ? h('span', { class: 'flag flag-overdue' }, '逾期发布') : null,
                  item.published.latenessPendingYear ? h('span', { class: 'flag' }, '是否逾期待判定') : null,
                  h('br'),
                  h('small', {}, item.published.lateText),
                ),
              )
            : null,
          detail.lastReturn
            ? h(
                'div',
                { class: 'row' },
                h('dt', {}, detail.lastReturn.current ? '退回意见' : '此前的退回意见'),
                h(
                  'dd',
                  {},
                  detail.lastReturn.comments,
                  detail.lastReturn.current
                    ? null
                    : h(
                        'small',
                        { class: 'muted' },
                        `（${detail.lastReturn.on} 退回，已于 ${detail.lastReturn.resubmittedOn} 重新提交）`,
                      ),
                ),
              )
            : null,
          live
            ? h(
                'div',
                { class: 'row' },
                h('dt', {}, '公开页面'),
                h('dd', {}, h('a', { href: `/${item.agencyId}/items/${item.id}.html`, target: '_blank' }, '查看')),
              )
            : null,
        )
      : null,
    feedback,
    privacy,
    form,
    h('p', { class: 'actions' }, buttons),
    // Below the buttons: when the attachments have been read and it grows or shrinks, nothing the
    // handler is about to press moves.
    draftCheck,
    reviewForm,
    detail
      ? h(
          'section',
          {},
          h('h2', {}, '记录'),
          h(
            'ol',
            { class: 'timeline' },
            detail.events.map((e) =>
              h('li', {}, h('time', { datetime: e.at }, beijing(e.at)), ` ${e.actorName ?? e.actor} `, e.text),
            ),
          ),
        )
      : null,
  );
  // The attachments are read after the submission (or the save): the page follows the check until it is done.
  // Once read, an attachment's findings offer 在线遮盖 beside it.
  /** @param {Detail | undefined} now */
  const settled = (now) => {
    if (!now) return;
    checked = now;
    showKept();
  };
  if (privacy && detail?.privacy?.state === 'scanning')
    void followCheck(detail, privacy, take, 'privacy').then(settled);
  if (draftCheck && detail?.draftCheck?.state === 'scanning')
    void followCheck(detail, draftCheck, take, 'draftCheck').then(settled);
}

const readingNote = '个人信息检查：正在读取附件。';

/**
 * A step's note that said the attachments were being read, once they are: what the check found
 * (the timeline keeps the note as it was).
 * @param {string} text
 * @param {Detail | null} detail the item's detail now
 */
function settledNote(text, detail) {
  const checks = [detail?.draftCheck, detail?.privacy].flatMap((c) => (c?.current ? [c] : []));
  if (!text.includes(readingNote) || !checks[0] || checks.some((c) => c.state === 'scanning')) return text;
  return text.replace(readingNote, checks[0].summary);
}

/**
 * Shows the item's 个人信息检查 once its attachments are read, in place (what the reviewer is typing
 * stays), and the step's note that said they were being read gives way to the outcome; a step taken
 * meanwhile reloads the page.
 * @param {Detail} detail
 * @param {HTMLElement} section
 * @param {(action: import('./api-types').Body<'POST /api/staff/publications/{id}/actions'>['action']) => void} take
 * @param {'privacy' | 'draftCheck'} part
 * @returns {Promise<Detail | undefined>} the item's detail once read (nothing when the page moved on or was drawn again)
 */
async function followCheck(detail, section, take, part) {
  const shown = location.hash;
  // Ten minutes at most (a check reads for seconds; one that failed says nothing more).
  for (let i = 0; i < 600 && location.hash === shown && section.isConnected; i++) {
    await pause(1000);
    const now = await api('GET /api/staff/publications/{id}', `/api/staff/publications/${detail.id}`).catch(() => null);
    if (location.hash !== shown || !section.isConnected || !now) continue;
    if (now.version !== detail.version) return void (await publicationView(detail.id));
    if (now[part]?.state === 'scanning') continue;
    for (const note of document.querySelectorAll('[data-flash]')) {
      const settled = message(settledNote(note.textContent ?? '', now));
      settled.dataset.flash = '';
      note.replaceWith(settled);
    }
    section.replaceWith(privacySection(now, take, part) ?? '');
    return now;
  }
  return undefined;
}

/**
 * 个人信息检查 on the item's page: the check's state, each finding with where it is, what kind, the
 * name beside it and a masked excerpt; where the reviewer may acknowledge, a legal ground to choose
 * and a reason for each to keep. `draftCheck` is the check of the draft as saved, for the handler.
 * @param {Detail} detail the item's detail
 * @param {(action: import('./api-types').Body<'POST /api/staff/publications/{id}/actions'>['action']) => void} take
 * @param {'privacy' | 'draftCheck'} [part]
 */
function privacySection(detail, take, part = 'privacy') {
  const check = detail[part];
  if (!check) return null;
  const draft = part === 'draftCheck';
  const findings = 'findings' in check ? check.findings : detail.privacyFindings;
  const canAcknowledge = !draft && detail.actions.some((/** @type {StepForm} */ a) => a.type === 'acknowledge');
  const { table, reasons } = findingsTable(findings, {
    canKeep: canAcknowledge,
    grounds: detail.privacyGrounds,
    open: (f) => (draft ? (f.expression ? '请改正' : '请删除或遮盖') : '待处理'),
    warning: draft ? '请核对' : '提示，不影响发布',
  });
  const form = h(
    'form',
    { class: 'step', 'data-action': 'acknowledge' },
    h('button', { type: 'submit', class: 'secondary' }, '确认公开已填写理由的各项'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    take({ type: 'acknowledge', acknowledgements: keptReasons(reasons) });
  });
  const titleId = draft ? 'draft-check-title' : 'privacy-title';
  return h(
    'section',
    { class: 'privacy', 'aria-labelledby': titleId, 'data-check': part },
    h('h2', { id: titleId }, draft ? '个人信息检查和表述检查（保存时）' : '个人信息检查和表述检查'),
    message(
      `${check.summary}${check.current ? '' : '（内容已修改或检查规则已更新，提交审核时重新检查）'}`,
      check.open ? 'error' : 'status',
    ),
    check.state === 'scanning' ? h('p', { class: 'reading' }, '正在读取附件，完成后本页自动更新。') : null,
    draft && check.open
      ? h(
          'p',
          { class: 'hint' },
          findings.some((f) => f.expression && !f.acknowledged)
            ? '个人信息请删除或遮盖，表述错误请按“应为”改正后保存；确需保留的，提交后由审核人逐项写明理由确认。'
            : '请删除或遮盖后保存；确需公开的（如依法须列明身份的公示），提交后由审核人逐项写明理由确认。',
        )
      : null,
    table,
    findings.length && canAcknowledge && reasons.size
      ? h(
          'p',
          { class: 'hint' },
          '确有必要公开的（如依法须列明身份的公示），逐项选择法律依据或写明理由后确认（理由须写明具体情况，只有标点或重复的字不予接受）；否则请退回修改，删除或遮盖后重新提交。',
        )
      : null,
    canAcknowledge && reasons.size ? form : null,
  );
}

/** The items with a 个人信息检查 finding open: the agency's, or (for the county's staff) every agency's. */
export async function privacyView(/** @type {{ scope?: string }} */ params) {
  const county = params.scope === 'county';
  const query = new URLSearchParams(county ? { scope: 'county' } : {});
  const first = await api('GET /api/staff/privacy', `/api/staff/privacy?${query}`);
  /** @param {import('./api-types').Answer<'GET /api/staff/privacy'>['items'][number]} item */
  const row = (item) =>
    h(
      'tr',
      {},
      h('td', { 'data-label': '名称' }, h('a', { href: `#/publications/${item.id}` }, item.title)),
      county ? h('td', { 'data-label': '机关' }, item.agencyName ?? item.agencyId) : null,
      h('td', { 'data-label': '状态' }, item.statusLabel),
      h('td', { 'data-label': '来源' }, item.by === 'sweep' ? '已发布内容补查' : '提交审核时检查'),
      h(
        'td',
        { 'data-label': '待处理' },
        h(
          'ul',
          {},
          item.open.map((f) =>
            h(
              'li',
              {},
              `${f.whereText}：${f.kindLabel}${f.name ? `（${f.name}）` : ''}${f.expression ? ` 「${f.expression.wrong}」应为「${f.expression.right}」` : ''} ${f.excerpt || f.reason || ''}`,
            ),
          ),
        ),
      ),
    );
  const body = h('tbody', {}, first.items.map(row));
  const countyStaff = me().agency.kind === 'county';
  render(
    h('h1', {}, '个人信息检查'),
    h(
      'p',
      {},
      '提交审核的信息及其附件在审核前自动检查身份证号码、手机号码和银行卡号；本功能上线前已发布的信息由每日巡检分批补查。以下信息尚有未处理的检查发现：请修订或撤销，或由审核人逐项写明理由确认公开。',
    ),
    countyStaff
      ? h(
          'p',
          {},
          county ? h('a', { href: '#/privacy' }, '只看本机关') : h('a', { href: '#/privacy?scope=county' }, '查看全县'),
        )
      : null,
    first.items.length
      ? h(
          'table',
          { class: 'grid' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['名称', ...(county ? ['机关'] : []), '状态', '来源', '待处理'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          body,
        )
      : h('p', {}, '没有待处理的个人信息检查发现。'),
    moreButton('GET /api/staff/privacy', '/api/staff/privacy', query, first, 'items', row, body),
  );
}
