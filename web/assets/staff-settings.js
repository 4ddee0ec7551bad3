// @ts-check
// The staff console's 机关设置: the agency's letter settings and 索引号 rule, and for the county's
// administrators the platform's maintenance (a whole-site rebuild and the counters' recount, as jobs).
import { api, errorText, formBody, h, hasRole, me, message, pause, render, textField } from './staff-kit.js';

export async function settingsView() {
  const settings = await api('GET /api/staff/agency/letters', '/api/staff/agency/letters');
  const labels = {
    prefix: '文书字号前缀（如 露政公）',
    reconsiderationBody: '行政复议机关',
    reconsiderationNote: '改用其他复议机关的说明（与法定复议机关不同时填写）',
    court: '行政诉讼法院',
    payment: '缴费方式',
    office: '联系机构',
    address: '地址',
    phone: '电话',
    email: '电子邮箱（接收年度报告报送提醒）',
  };
  const feedback = h('div', { 'aria-live': 'polite' });
  const remedy = settings.remedyDefaults;
  const remedyHint = h(
    'p',
    { class: 'hint' },
    remedy.reconsiderationBody
      ? `按${remedy.basis}，本机关的行政复议机关为${remedy.reconsiderationBody}${remedy.court ? `，行政诉讼一般由${remedy.court}管辖` : ''}。改用其他机关的，请写明说明。`
      : `按${remedy.basis}确定行政复议机关；机构信息中未填写上一级机关，请在此填写。`,
  );
  if (!settings.confirmed)
    feedback.replaceChildren(
      message(
        '本机关的文书设置尚未确认：请核对以下各项（文书字号前缀须为本机关自己的字号）后保存，保存前不能发出文书。',
        'error',
      ),
    );
  const form = h(
    'form',
    { class: 'settings' },
    Object.entries(labels).map(([name, label]) => {
      const value = /** @type {Record<string, unknown>} */ (settings)[name];
      return textField(name, label, {
        value: typeof value === 'string' ? value : undefined,
        required: !['address', 'phone', 'email', 'reconsiderationNote'].includes(name),
      });
    }),
    remedyHint,
    h('button', { type: 'submit' }, settings.confirmed ? '保存' : '确认并保存'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const route = 'PUT /api/staff/agency/letters';
      const saved = await api(route, '/api/staff/agency/letters', formBody(route, form, { version: settings.version }));
      settings.version = saved.version;
      settings.confirmed = true;
      feedback.replaceChildren(message('已保存。此后发出的文书使用新的设置，已发出的文书不变。'));
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  });
  // 电子印章: a PNG placed over the date of the letters' PDF; kept inside the platform, never on the site.
  const sealFeedback = h('div', { 'aria-live': 'polite' });
  const sealFile = h('input', { type: 'file', id: 'seal-file', name: 'seal', accept: 'image/png' });
  const sealForm = h(
    'form',
    { class: 'settings' },
    h('p', { class: 'hint' }, settings.seal ? '已上传电子印章。' : '尚未上传电子印章（文书 PDF 日期处留空供加盖）。'),
    h('label', { for: 'seal-file' }, '电子印章（PNG，透明背景，不超过 300 KB）'),
    sealFile,
    h('button', { type: 'submit' }, '上传电子印章'),
  );
  sealForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = /** @type {HTMLInputElement} */ (sealFile).files?.[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      await api('PUT /api/staff/agency/seal', '/api/staff/agency/seal', { image: btoa(binary) });
      sealFeedback.replaceChildren(message('电子印章已上传，此后打印或下载的文书 PDF 将在日期处加盖。'));
    } catch (error) {
      sealFeedback.replaceChildren(message(errorText(error), 'error'));
    }
  });
  const publishing = await api('GET /api/staff/agency/publishing', '/api/staff/agency/publishing');
  const indexFeedback = h('div', { 'aria-live': 'polite' });
  const example = h('p', { class: 'hint' }, `示例：${publishing.example}`);
  const indexForm = h(
    'form',
    { class: 'settings' },
    textField('indexPattern', '索引号规则（{code} 机构代码，{YYYY} 年度，{NNNNN} 顺序号）', {
      value: publishing.indexPattern,
      required: true,
      maxlength: 60,
    }),
    textField('orgCode', '机构代码（组织机构代码或统一社会信用代码）', {
      value: publishing.orgCode,
      required: true,
      maxlength: 18,
    }),
    example,
    h('button', { type: 'submit' }, '保存'),
  );
  indexForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const route = 'PUT /api/staff/agency/publishing';
      const saved = await api(
        route,
        '/api/staff/agency/publishing',
        formBody(route, indexForm, { version: publishing.version }),
      );
      publishing.version = saved.version;
      example.textContent = `示例：${saved.example}`;
      indexFeedback.replaceChildren(message('已保存。此后发布的信息使用新的规则，已发布信息的索引号不变。'));
    } catch (error) {
      indexFeedback.replaceChildren(message(errorText(error), 'error'));
    }
  });
  render(
    h('h1', {}, '机关设置'),
    h('h2', {}, '文书'),
    h('p', { class: 'lead' }, '文书编号形如“露政公复〔2026〕3号”；答复书的救济条款写明行政复议机关和法院。'),
    feedback,
    form,
    hasRole('admin') ? h('section', {}, h('h3', {}, '电子印章'), sealFeedback, sealForm) : null,
    h('h2', {}, '索引号'),
    indexFeedback,
    indexForm,
    hasRole('admin') && me().agency.kind === 'county' ? maintenanceSection() : null,
  );
}

/** A background job as `GET /api/staff/jobs/{id}` describes it. @typedef {import('./api-types').Answer<'GET /api/staff/jobs/{id}'>} Job */
/** @type {Partial<Record<Job['kind'], string>>} */
const jobLabels = { rebuildSite: '重新生成公开网站', recount: '核对年度报告计数', requeue: '按新日历重新计算答复期限' };

/** What a finished job found, in a sentence. @param {Job} job */
function jobSummary(job) {
  if (job.state === 'failed') return job.error ?? '失败。';
  const r = job.result ?? {};
  if (job.kind === 'rebuildSite') return `已完成：写入 ${r.written ?? 0} 个文件。`;
  if (job.kind === 'recount')
    return `已完成：核对 ${r.counted ?? 0} 个机关，${r.differences ? `发现 ${r.differences} 处计数与记录不一致${r.repaired ? '，已按记录修复' : '，可选择“按记录修复”'}` : '计数与记录一致'}。`;
  return `已完成：${r.moved ?? 0} 件在办申请的答复期限已更新。`;
}

/** A background job followed to its end: its progress bar, then what it found. @param {Job} job */
export function jobProgress(job) {
  const bar = h('progress', {
    max: Math.max(job.progress.total, 1),
    value: job.progress.done,
    'aria-label': `${jobLabels[job.kind] ?? '后台任务'}进度`,
  });
  const text = h('span', {}, '已开始……');
  const node = h(
    'div',
    { class: 'job', role: 'status' },
    h('p', {}, `${jobLabels[job.kind] ?? '后台任务'}：`, text),
    bar,
  );
  (async () => {
    for (let current = job; ; ) {
      bar.max = Math.max(current.progress.total, 1);
      bar.value = current.progress.done;
      if (current.state === 'done' || current.state === 'failed') {
        bar.remove();
        return text.replaceChildren(jobSummary(current));
      }
      text.replaceChildren(
        current.progress.total ? `已完成 ${current.progress.done} / ${current.progress.total}……` : '排队中……',
      );
      await pause(1000);
      current = await api('GET /api/staff/jobs/{id}', `/api/staff/jobs/${current.id}`).catch(() => current);
    }
  })();
  return node;
}

/** The county administrators' maintenance: a whole-site rebuild and the counters' recount, as background jobs. */
function maintenanceSection() {
  const feedback = h('div', { 'aria-live': 'polite' });
  /** @param {() => Promise<Job>} begin */
  const start = (begin) => async () => {
    try {
      feedback.replaceChildren(jobProgress(await begin()));
    } catch (error) {
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };
  return h(
    'section',
    { 'aria-labelledby': 'maintenance-title' },
    h('h2', { id: 'maintenance-title' }, '平台维护'),
    h('p', { class: 'lead' }, '以下操作在后台运行，可离开本页；仅用于故障恢复和核对。'),
    h(
      'p',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: start(() => api('POST /api/staff/site/rebuild', '/api/staff/site/rebuild')),
        },
        '重新生成公开网站',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: start(() => api('POST /api/reports/recount', '/api/reports/recount', { repair: false })),
        },
        '核对年度报告计数',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: start(() => api('POST /api/reports/recount', '/api/reports/recount', { repair: true })),
        },
        '按记录修复年度报告计数',
      ),
    ),
    feedback,
  );
}
