/** The citizen's pages: the application form, the printable receipt, the status query and the status page. */
import {
  applicationUploadPurposes,
  formatQueryCode,
  media,
  methods,
  organisationTypes,
  uploadPurposes,
  type PublicView,
} from '../application.ts';
import { statusAddress } from '../applicant-mail.ts';
import { formatDate, type IsoDate } from '../dates.ts';
import { idDocumentTypes } from '../identity.ts';
import { html, markupOf, type Html } from './html.ts';
import type { SiteContext } from '../agency.ts';
import { document } from './layout.ts';

export interface FieldErrors {
  [field: string]: string;
}

interface FormState {
  values: Record<string, unknown>;
  errors: FieldErrors;
}

const get = (values: Record<string, unknown>, path: string): string => {
  const value = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

const idOf = (name: string) => `f-${name.replaceAll('.', '-')}`;

function errorText(state: FormState, name: string): Html | false {
  const message = state.errors[name];
  return (
    Boolean(message) &&
    html`<p class="field-error" id="${idOf(name)}-error"><span class="visually-hidden">错误：</span>${message}</p>`
  );
}

function describedBy(state: FormState, name: string, hint?: string) {
  const ids = [hint && `${idOf(name)}-hint`, state.errors[name] && `${idOf(name)}-error`].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

interface FieldOptions {
  required?: boolean;
  hint?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  maxlength?: number;
  pattern?: string;
}

/** A field's frame: label (with 必填/选填), hint and error message, around its control. */
function frame(
  state: FormState,
  name: string,
  label: string,
  required: boolean | undefined,
  hint: string | undefined,
  control: Html,
): Html {
  return html`<div class="field${state.errors[name] ? ' invalid' : ''}">
<label for="${idOf(name)}">${label}${required ? html`<span class="required" aria-hidden="true">*</span>` : html`<span class="optional">（选填）</span>`}</label>
${hint && html`<p class="hint" id="${idOf(name)}-hint">${hint}</p>`}
${errorText(state, name)}
${control}
</div>`;
}

const invalidAttribute = (state: FormState, name: string) => (state.errors[name] ? html` aria-invalid="true"` : '');

function input(state: FormState, name: string, label: string, options: FieldOptions = {}): Html {
  return frame(
    state,
    name,
    label,
    options.required,
    options.hint,
    html`<input id="${idOf(name)}" name="${name}" type="${options.type ?? 'text'}" value="${get(state.values, name)}"${options.required ? html` required` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.pattern ? html` pattern="${options.pattern}"` : ''}${invalidAttribute(state, name)}${describedBy(state, name, options.hint)}>`,
  );
}

function textarea(state: FormState, name: string, label: string, options: FieldOptions = {}): Html {
  return frame(
    state,
    name,
    label,
    options.required,
    options.hint,
    html`<textarea id="${idOf(name)}" name="${name}" rows="5"${options.maxlength ? html` maxlength="${options.maxlength}"` : ''}${options.required ? html` required` : ''}${invalidAttribute(state, name)}${describedBy(state, name, options.hint)}>${get(state.values, name)}</textarea>`,
  );
}

function select(state: FormState, name: string, label: string, options: Record<string, string>): Html {
  const current = get(state.values, name);
  return frame(
    state,
    name,
    label,
    true,
    undefined,
    html`<select id="${idOf(name)}" name="${name}" required${invalidAttribute(state, name)}${describedBy(state, name)}>
<option value="">请选择</option>
${Object.entries(options).map(([value, text]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${text}</option>`)}
</select>`,
  );
}

/** The summary lists the errors in the order their fields appear in `form` (where each has its id). */
function errorSummary(errors: FieldErrors, form?: Html): Html | false {
  const text = form ? markupOf(form) : '';
  const at = (field: string) => {
    const found = text.indexOf(`id="${idOf(field)}"`);
    return found < 0 ? Number.MAX_SAFE_INTEGER : found;
  };
  const entries = Object.entries(errors).sort(([a], [b]) => at(a) - at(b));
  return (
    entries.length > 0 &&
    html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
<h2>提交未成功，请修改以下 ${entries.length} 处内容</h2>
<ul>${entries.map(([field, message]) => html`<li><a href="#${idOf(field)}">${message}</a></li>`)}</ul></div>`
  );
}

type AgencyLink = { id: string; name: string };

export interface ApplicationFormPage {
  agencies: AgencyLink[];
  /**
   * Where the agencies offered sit: a government (`level`) with those directly under it; the
   * governments above it and those below it on this page, each a link to its own level; and the
   * cursor of the next page of them.
   */
  levels?: { level: AgencyLink; above: AgencyLink[]; below: AgencyLink[]; more?: string };
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  formToken: string;
  idempotencyKey: string;
}

const levelHref = (id: string, cursor?: string) =>
  `/apply?${new URLSearchParams({ under: id, ...(cursor && { cursor }) })}`;

/**
 * The way to an agency of another level, without script: the governments above the one listed, and
 * those below it, each a link to the form listing its own agencies (what was typed is not kept, so
 * it comes first). Nothing when there is nowhere else to go (a county's portal lists every agency at once).
 */
function agencyLevels(levels: NonNullable<ApplicationFormPage['levels']>): Html | '' {
  const { level, above, below, more } = levels;
  if (!above.length && !below.length && !more) return '';
  const links = (list: AgencyLink[]) =>
    list.map((a, i) => html`${i ? '、' : ''}<a href="${levelHref(a.id)}">${a.name}</a>`);
  return html`<nav class="agency-levels" aria-label="按层级选择受理机关">
<p class="hint">上面列出${level.name}及其直接下属机关。其他层级的机关，请先选择所在层级（已填写的内容需重新填写）：</p>
${above.length ? html`<p>上级：${links(above)}</p>` : ''}
${below.length ? html`<p>下级人民政府及其所属机关：${links(below)}</p>` : ''}
${more ? html`<p><a href="${levelHref(level.id, more)}">${level.name}的更多下属机关</a></p>` : ''}
</nav>`;
}

export function applicationForm(site: SiteContext, page: ApplicationFormPage): string {
  const state: FormState = { values: page.values ?? {}, errors: page.errors ?? {} };
  const kind = get(state.values, 'applicantKind') || 'person';
  const form = html`<form method="post" action="/api/applications" class="application-form" novalidate data-apply>
<input type="hidden" name="formToken" value="${page.formToken}">
<input type="hidden" name="idempotencyKey" value="${page.idempotencyKey}">
<div class="honeypot" aria-hidden="true"><label for="f-website">网址（请勿填写）</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>

${select(state, 'agencyId', '受理机关', Object.fromEntries(page.agencies.map((a) => [a.id, a.name])))}
${page.levels && agencyLevels(page.levels)}

<fieldset class="field${state.errors.applicantKind ? ' invalid' : ''}"><legend>申请人类型<span class="required" aria-hidden="true">*</span></legend>
${errorText(state, 'applicantKind')}
<label class="choice"><input type="radio" id="f-applicantKind" name="applicantKind" value="person"${kind === 'person' ? html` checked` : ''}> 公民</label>
<label class="choice"><input type="radio" name="applicantKind" value="organisation"${kind === 'organisation' ? html` checked` : ''}> 法人或其他组织</label>
</fieldset>

<fieldset data-applicant="person"><legend>公民（申请人为公民时填写）</legend>
${input(state, 'person.name', '姓名', { required: true, autocomplete: 'name', maxlength: 50 })}
${select(state, 'person.idType', '证件类型', idDocumentTypes)}
${input(state, 'person.idNumber', '证件号码', { required: true, maxlength: 60, hint: '居民身份证号码为 18 位，最后一位可能是 X（大小写均可）' })}
${input(state, 'person.employer', '工作单位', { maxlength: 100, autocomplete: 'organization' })}
${input(state, 'person.address', '通信地址', { maxlength: 200, autocomplete: 'address-line1', hint: '选择邮寄时必填' })}
${input(state, 'person.postcode', '邮政编码', { maxlength: 6, inputmode: 'numeric', autocomplete: 'postal-code' })}
${input(state, 'person.phone', '联系电话', { required: true, type: 'tel', autocomplete: 'tel', maxlength: 20 })}
${input(state, 'person.email', '电子邮箱', { type: 'email', autocomplete: 'email', maxlength: 100, hint: '选择电子邮件时必填' })}
</fieldset>

<fieldset data-applicant="organisation"><legend>法人或其他组织（申请人为法人或其他组织时填写）</legend>
${input(state, 'organisation.name', '名称', { required: true, maxlength: 100, autocomplete: 'organization' })}
${select(state, 'organisation.orgType', '组织类型', organisationTypes)}
${input(state, 'organisation.creditCode', '统一社会信用代码', { required: true, maxlength: 36, hint: '18 位，见营业执照或登记证书；字母不区分大小写' })}
${input(state, 'organisation.legalRepresentative', '法定代表人或负责人', { required: true, maxlength: 50 })}
${input(state, 'organisation.contactName', '联系人', { required: true, maxlength: 50 })}
${input(state, 'organisation.phone', '联系电话', { required: true, type: 'tel', maxlength: 20 })}
${input(state, 'organisation.address', '地址', { maxlength: 200, hint: '选择邮寄时必填' })}
${input(state, 'organisation.email', '电子邮箱', { type: 'email', maxlength: 100, hint: '选择电子邮件时必填' })}
</fieldset>

<fieldset><legend>所需信息</legend>
${input(state, 'request.title', '所需信息的名称', { required: true, maxlength: 200 })}
${input(state, 'request.documentNumber', '文号', { maxlength: 100, hint: '如：露政发〔2025〕3号' })}
${textarea(state, 'request.description', '所需信息的特征性描述', { maxlength: 2000, hint: '如信息的形成时间、制作机关、内容要点等，便于查找' })}
</fieldset>

<fieldset><legend>提供方式</legend>
${select(state, 'delivery.medium', '提供的载体形式', media)}
${select(state, 'delivery.method', '获取信息的方式', methods)}
</fieldset>

<fieldset class="uploads" data-uploads><legend>附件（选填）</legend>
<p class="hint">可上传身份证明或其他材料，每个文件不超过 10 MB，支持 PDF、JPEG、PNG 格式，最多 5 个。上传附件需要浏览器启用 JavaScript；未上传的，工作人员需要时会与您联系。</p>
${errorText(state, 'uploads')}
${applicationUploadPurposes.map(
  (purpose) => html`<div class="field"><label for="f-upload-${purpose}">${uploadPurposes[purpose]}</label>
<input id="f-upload-${purpose}" type="file" accept="application/pdf,image/jpeg,image/png" data-purpose="${purpose}" multiple disabled></div>`,
)}
</fieldset>

<button type="submit" class="primary">提交申请</button>
</form>`;
  const body = html`<h1>政府信息公开申请</h1>
<p class="lead">请如实填写以下内容。带 <span class="required">*</span> 的为必填项。提交后您将获得受理编号和查询码，凭此查询办理进度和答复。</p>
${errorSummary(state.errors, form)}
${form}`;
  return document('在线申请', body, {
    site,
    script: '/assets/apply.js',
    description: `向${site.government || '本级人民政府'}及其部门、乡镇在线提交政府信息公开申请，提交后取得受理编号和查询码，凭此查询办理进度和答复。`,
  });
}

const field = (label: string, value: Html | string | undefined) =>
  value ? html`<div class="row"><dt>${label}</dt><dd>${value}</dd></div>` : '';

function deadlineBlock(deadline: PublicView['deadline']): Html {
  return html`<section class="deadline" aria-labelledby="deadline-title"><h2 id="deadline-title">答复期限及计算过程</h2>
${
  deadline.due
    ? html`<p class="due">${formatDate(deadline.due)}</p>`
    : html`<p class="due pending">待定${deadline.pending?.earliest ? `，最早为${formatDate(deadline.pending.earliest)}` : ''}</p>`
}
<ol class="derivation">${deadline.steps.map((step) => html`<li>${step.text}</li>`)}</ol></section>`;
}

export interface ReceiptPage {
  receiptNumber: string;
  queryCode: string;
  agencyName: string;
  applicantName: string;
  submittedAt: string;
  receiptDate: IsoDate;
  receiptNote: string;
  title: string;
  deadline: PublicView['deadline'];
  /** The site's address, for the status page's address printed on the receipt. */
  siteUrl: string;
  /** The address the 受理回执 e-mail went to, masked; none when the applicant gave none. */
  mailedTo?: string;
}

export function receiptPage(site: SiteContext, page: ReceiptPage): string {
  const body = html`<article class="receipt">
<h1>政府信息公开申请接收回执</h1>
<p>${page.applicantName}：</p>
<p>${page.agencyName}已收到您提交的政府信息公开申请。请妥善保存受理编号和查询码，凭此查询办理进度、查看答复。</p>
<dl class="facts">
${field('受理编号', html`<strong class="number">${page.receiptNumber}</strong>`)}
${field('查询码', html`<strong class="number">${formatQueryCode(page.queryCode)}</strong>`)}
${field('受理机关', page.agencyName)}
${field('所需信息', page.title)}
${field('提交时间', page.submittedAt)}
${field('收到申请之日', formatDate(page.receiptDate))}
</dl>
<p class="warning" role="note">查询码只在本页显示一次，本机关不保存查询码原文。请立即打印或抄录${page.mailedTo ? '' : '；申请时未填写电子邮箱的，查询码遗失后须携带身份证明到受理机关查询'}。</p>
<p class="note">${page.receiptNote}</p>
${page.mailedTo && html`<p class="note">受理回执已发送至 ${page.mailedTo}（邮件不含查询码）。查询码遗失的，可通过该邮箱<a href="/apply/recover">重新获取</a>。</p>`}
${deadlineBlock(page.deadline)}
<section aria-labelledby="how-title"><h2 id="how-title">如何查询办理进度</h2>
<p>访问 <strong class="address">${statusAddress(page.siteUrl)}</strong>，输入受理编号和查询码，即可查看办理进度、补正要求和答复文书。</p></section>
<p class="actions"><a class="button" href="/apply/status">查询办理进度</a> <button type="button" class="button" data-print hidden>打印回执</button> <span class="print-hint">也可使用浏览器的“打印”功能打印本回执。</span></p>
</article>`;
  return document('申请接收回执', body, { site, script: '/assets/apply.js' });
}

export function statusQueryForm(
  site: SiteContext,
  options: { receiptNumber?: string; queryCode?: string; message?: string; status?: number } = {},
): string {
  const state: FormState = { values: { receiptNumber: options.receiptNumber ?? '' }, errors: {} };
  const body = html`<h1>办理进度查询</h1>
<p class="lead">请输入申请接收回执上的受理编号和查询码。</p>
${options.message && html`<div class="error-summary" role="alert"><p>${options.message}</p></div>`}
<form method="post" action="/apply/status" class="status-form">
${input(state, 'receiptNumber', '受理编号', { required: true, maxlength: 30, hint: '如：LSH-2026-00012', autocomplete: 'off' })}
<div class="field"><label for="f-queryCode">查询码<span class="required" aria-hidden="true">*</span></label>
<p class="hint" id="f-queryCode-hint">10 位字母和数字，不区分大小写</p>
<input id="f-queryCode" name="queryCode" type="text" required maxlength="16" autocomplete="off" aria-describedby="f-queryCode-hint" value="${options.queryCode ?? ''}"></div>
<button type="submit" class="primary">查询</button>
</form>
<p class="note">查询码遗失的，可<a href="/apply/recover">通过申请时填写的电子邮箱重新获取</a>。</p>`;
  return document('办理进度查询', body, {
    site,
    description: '凭政府信息公开申请接收回执上的受理编号和查询码，查询办理进度、补正要求和答复文书。',
  });
}

/** 找回查询码: the request, by receipt number and the e-mail address given with the application. */
export function recoverForm(
  site: SiteContext,
  options: { receiptNumber?: string; email?: string; message?: string; sent?: boolean } = {},
): string {
  const state: FormState = {
    values: { receiptNumber: options.receiptNumber ?? '', email: options.email ?? '' },
    errors: {},
  };
  const body = html`<h1>重新获取查询码</h1>
${
  options.sent
    ? html`<div class="notice" role="status"><p>如受理编号和电子邮箱与申请时填写的一致，我们已向该邮箱发送一封邮件，请在 30 分钟内打开邮件中的链接取得新的查询码。未收到的，请检查垃圾邮件，或稍后再试。</p></div>`
    : html`<p class="lead">请输入受理编号和申请时填写的电子邮箱。我们将向该邮箱发送一个 30 分钟内有效的链接，通过链接可取得新的查询码，原查询码随即失效。</p>`
}
${options.message && html`<div class="error-summary" role="alert"><p>${options.message}</p></div>`}
<form method="post" action="/apply/recover" class="status-form">
${input(state, 'receiptNumber', '受理编号', { required: true, maxlength: 30, hint: '如：LSH-2026-00012', autocomplete: 'off' })}
${input(state, 'email', '申请时填写的电子邮箱', { required: true, maxlength: 254, type: 'email', autocomplete: 'email' })}
<button type="submit" class="primary">发送链接</button>
</form>
<p class="note">申请时未填写电子邮箱的，请携带身份证明到受理机关查询。</p>`;
  return document('重新获取查询码', body, { site });
}

/** The link's page: a button, so a mail scanner that follows links does not spend it. */
export function recoverConfirm(site: SiteContext, receiptNumber: string, token: string, message?: string): string {
  const body = html`<h1>取得新的查询码</h1>
${message && html`<div class="error-summary" role="alert"><p>${message}</p></div>`}
<p class="lead">受理编号 <strong class="number">${receiptNumber}</strong>。取得新的查询码后，原查询码即失效。</p>
<form method="post" action="/apply/recover/${encodeURIComponent(receiptNumber)}/${token}" class="status-form">
<button type="submit" class="primary">取得新的查询码</button>
</form>`;
  return document('取得新的查询码', body, { site });
}

/** The correction form carries the number and code the page was opened with (the page is never cached). */
const carry = (view: PublicView, queryCode: string) =>
  html`<input type="hidden" name="receiptNumber" value="${view.receiptNumber}"><input type="hidden" name="queryCode" value="${queryCode}">`;

/** Where the status page of an application lives (read with the code the query left in a cookie). */
export const statusPath = (receiptNumber: string) => `/apply/status/${encodeURIComponent(receiptNumber)}`;

const kilobytes = (size: number) => `${Math.max(1, Math.round(size / 1024))} KB`;

/**
 * The status page; `formKey` binds the correction's uploads to its form (as the application form's
 * key binds its own), so only that form's post can link them.
 */
export function statusPage(
  site: SiteContext,
  view: PublicView,
  options: { queryCode: string; formKey: string; message?: string },
): string {
  const { queryCode } = options;
  const body = html`<h1>办理进度</h1>
${options.message && html`<div class="notice" role="status"><p>${options.message}</p></div>`}
<dl class="facts">
${field('受理编号', html`<strong class="number">${view.receiptNumber}</strong>`)}
${field('申请人', view.applicantName)}
${field('受理机关', view.agencyName)}
${field('所需信息', view.request.title)}
${field('当前状态', html`<strong class="status status-${view.status}">${view.statusLabel}</strong>`)}
${field('收到申请之日', formatDate(view.receiptDate))}
</dl>
${
  view.correction &&
  html`<section class="correction" aria-labelledby="correction-title"><h2 id="correction-title">请补正申请</h2>
<p>${view.correction.dueBy ? `请于${formatDate(view.correction.dueBy)}前就下列事项作出补正` : `${view.correction.pending ?? ''}请尽早就下列事项作出补正`}（逾期未补正的，视为放弃申请）：</p>
<ol>${view.correction.items.map((item) => html`<li>${item}</li>`)}</ol>
<form method="post" action="/apply/correction" data-apply data-sending="正在提交补正…">${carry(view, queryCode)}<input type="hidden" name="formKey" value="${options.formKey}">
<div class="field"><label for="f-text">补正内容<span class="required" aria-hidden="true">*</span></label>
<textarea id="f-text" name="text" rows="5" required maxlength="2000"></textarea></div>
<div class="field"><label for="f-upload-correction">补正材料（选填）</label>
<p class="hint" id="f-upload-hint">如需补充身份证明等材料，可上传 PDF、JPEG、PNG 文件，每个不超过 10 MB，最多 5 个。上传需要浏览器启用 JavaScript；也可将材料邮寄或送至受理机关。</p>
<input id="f-upload-correction" type="file" accept="application/pdf,image/jpeg,image/png" data-purpose="correction" multiple disabled aria-describedby="f-upload-hint"></div>
<button type="submit" class="primary">提交补正</button></form></section>`
}
${deadlineBlock(view.deadline)}
<section aria-labelledby="letters-title"><h2 id="letters-title">告知书和答复</h2>
${
  view.letters.length
    ? html`<ul class="letters">${view.letters.map(
        (letter) =>
          html`<li><a href="${statusPath(view.receiptNumber)}/letters/${letter.version}">${letter.title}（${letter.number}）</a> ${formatDate(letter.issuedOn)} <a class="pdf" href="${statusPath(view.receiptNumber)}/letters/${letter.version}/letter.pdf" download>下载 PDF</a></li>`,
      )}</ul>`
    : html`<p>暂无。</p>`
}
${
  view.files.length
    ? html`<h3>提供的文件</h3><ul class="files">${view.files.map(
        (file) =>
          html`<li><a href="${statusPath(view.receiptNumber)}/files/${encodeURIComponent(file.id)}">下载：${file.fileName}</a>（${kilobytes(file.size)}）</li>`,
      )}</ul>`
    : ''
}</section>
<section aria-labelledby="timeline-title"><h2 id="timeline-title">办理过程</h2>
<ol class="timeline">${view.timeline.map((event) => html`<li><time datetime="${event.at}">${beijingTime(event.at)}</time> ${event.text}</li>`)}</ol></section>`;
  return document('办理进度', body, { site, ...(view.correction && { script: '/assets/apply.js' }) });
}

/** 2026-11-25 09:30, Beijing time. */
const beijingTime = (at: string) =>
  new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
