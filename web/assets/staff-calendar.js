// @ts-check
// The staff console's 工作日历 (county administrators): the years the working-day calendar has, and a
// year's schedule entered or corrected from the State Council's notice. Dates that look mistyped (a
// 调休 on a weekday, a weekend holiday on its own) are asked about by the API; the view shows them
// and saves only once the administrator confirms.
import { api, ApiError, errorText, h, me, message, render, showNotices, textField } from './staff-kit.js';
import { jobProgress } from './staff-settings.js';

/**
 * A year as `GET /api/staff/calendar` lists it.
 * @typedef {{ year: number, official: boolean, complete: boolean, version: number, note?: string,
 *   updatedBy?: string, updatedAt?: string, days: { date: string, kind: 'holiday' | 'workday', note: string }[] }} Schedule
 */

const kinds = { holiday: '放假', workday: '上班' };

/** A schedule's days as the text area shows them: one a line, “日期 放假/上班 说明”. @param {Schedule['days']} days */
const asLines = (days) => days.map((d) => `${d.date} ${kinds[d.kind]} ${d.note}`).join('\n');

/**
 * The text area's lines as days, or the lines that are not in the form “日期 放假/上班 说明”.
 * @param {string} text
 * @returns {{ days: Schedule['days'], wrong: string[] }}
 */
function parseLines(text) {
  /** @type {Schedule['days']} */
  const days = [];
  /** @type {string[]} */
  const wrong = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(\d{4}-\d{2}-\d{2})\s+(放假|休|上班|班)\s*(.*)$/.exec(line);
    if (!match) {
      wrong.push(`第 ${i + 1} 行「${line}」应为“日期 放假（或上班） 说明”，如“2027-02-06 放假 春节”`);
      continue;
    }
    const kind = match[2] === '放假' || match[2] === '休' ? 'holiday' : 'workday';
    days.push({ date: match[1] ?? '', kind, note: match[3] || (kind === 'holiday' ? '放假' : '调休上班') });
  }
  return { days, wrong };
}

export async function calendarView() {
  /** @type {{ coveredYears: number[], schedules: Schedule[] }} */
  const listed = await api('GET /api/staff/calendar', '/api/staff/calendar');
  const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const byYear = new Map(listed.schedules.map((s) => [s.year, s]));
  // The years that matter now: last year on, and any year an administrator has entered.
  const shown = [...new Set([...listed.schedules.map((s) => s.year), thisYear, thisYear + 1])]
    .filter((year) => year >= thisYear - 1 || !byYear.get(year)?.official)
    .sort((a, b) => a - b);
  const firstMissing = shown.find((year) => year >= thisYear && !byYear.get(year)?.complete) ?? thisYear + 1;

  const feedback = h('div', { 'aria-live': 'polite' });
  const yearInput = h('input', { id: 'c-year', name: 'year', type: 'number', min: 2004, max: 2100, required: true });
  const complete = h('input', { id: 'c-complete', name: 'complete', type: 'checkbox' });
  const form = h(
    'form',
    { class: 'settings' },
    h('div', { class: 'field' }, h('label', { for: 'c-year' }, '年度'), yearInput),
    textField('note', '依据（国务院办公厅放假通知的文号，如“国办发明电〔2026〕7号”）', {
      required: true,
      maxlength: 200,
    }),
    textField(
      'days',
      '放假和调休上班日期（每行一天：日期 放假或上班 说明，如“2027-02-06 放假 春节”“2027-02-20 上班 春节调休上班”）',
      {
        multiline: true,
        maxlength: 120 * 70,
      },
    ),
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: 'c-complete' },
        complete,
        ' 这是该年度完整的放假安排（已按放假通知录入全部放假和调休上班日期）',
      ),
    ),
    h('button', { type: 'submit' }, '保存'),
  );
  const daysArea = /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea[name="days"]'));
  daysArea.rows = 12;
  const noteInput = /** @type {HTMLInputElement} */ (form.querySelector('input[name="note"]'));

  /**
   * Fills the form with a year's schedule as entered (or empty for a year not entered yet).
   * @param {number} year @param {boolean} [focus]
   */
  const edit = (year, focus = true) => {
    const schedule = byYear.get(year);
    yearInput.value = String(year);
    noteInput.value = schedule?.note ?? '';
    daysArea.value = asLines(schedule?.days ?? []);
    complete.checked = Boolean(schedule?.complete && !schedule.official);
    feedback.replaceChildren();
    if (focus) yearInput.focus();
  };
  edit(firstMissing, false);
  yearInput.addEventListener('change', () => edit(Number(yearInput.value), false));

  /** Saves the form; `confirmed` once the administrator has checked the dates the API asked about. */
  const save = async (confirmed = false) => {
    const year = Number(yearInput.value);
    const { days, wrong } = parseLines(daysArea.value);
    if (wrong.length) return void feedback.replaceChildren(message(`请修改：${wrong.join('；')}`, 'error'));
    const body = {
      complete: complete.checked,
      note: noteInput.value.trim(),
      days,
      version: byYear.get(year)?.version ?? 0,
      ...(confirmed && { confirmed: true }),
    };
    try {
      const saved = await api('PUT /api/staff/calendar/{year}', `/api/staff/calendar/${year}`, body);
      byYear.set(year, saved);
      feedback.replaceChildren(
        message(`已保存 ${year} 年的工作日历（${saved.complete ? '完整安排' : '尚不完整'}）。`),
        jobProgress(saved.requeue),
      );
      // The banner follows: a year entered complete is no longer missing.
      const profile = await api('GET /api/staff/me', '/api/staff/me');
      showNotices(profile.notices);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'confirmation-required') return askToConfirm(error);
      feedback.replaceChildren(message(errorText(error), 'error'));
    }
  };

  /** The dates the API asked about, each named, and the step that saves them as they are. @param {ApiError} error */
  const askToConfirm = (error) => {
    const confirm = h('button', { type: 'button', onclick: () => save(true) }, '核对无误，仍然保存');
    const back = h('button', { type: 'button', class: 'secondary', onclick: () => daysArea.focus() }, '返回修改');
    feedback.replaceChildren(
      h(
        'div',
        { class: 'error-summary', role: 'alert' },
        h('h2', {}, '请核对以下日期'),
        h(
          'ul',
          {},
          error.fields.map((f) => h('li', {}, f.message)),
        ),
        h('p', {}, '这些日期不改变任何期限，可能是录入有误。核对放假通知无误的，可以仍然保存。'),
        h('p', { class: 'actions' }, confirm, ' ', back),
      ),
    );
    confirm.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });

  render(
    h('h1', {}, '工作日历'),
    h(
      'p',
      { class: 'lead' },
      '答复期限、补正期限等按工作日计算：周一至周五，除去法定节假日，加上调休上班的周六、周日。官方数据已有的年度按国务院办公厅的放假通知计算；此后的年度须在国务院办公厅公布放假安排后在此录入，录入前跨入该年的期限显示为“待定”。',
    ),
    h(
      'table',
      { class: 'grid' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['年度', '来源', '状态', '录入的日期', '依据', '修改人', ''].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        shown.map((year) => {
          const s = byYear.get(year);
          return h(
            'tr',
            {},
            h('td', {}, String(year)),
            h('td', {}, s?.official ? '官方数据' : s ? '管理员录入' : '—'),
            h('td', {}, s?.complete ? '已覆盖' : '尚未录入完整安排'),
            h('td', {}, s?.days.length ? `${s.days.length} 天` : '—'),
            h('td', {}, s?.note ?? ''),
            h('td', {}, s?.updatedBy ?? ''),
            h(
              'td',
              {},
              h(
                'button',
                { type: 'button', class: 'link', onclick: () => edit(year) },
                s?.official ? `调整 ${year} 年` : s ? `修改 ${year} 年` : `录入 ${year} 年`,
              ),
            ),
          );
        }),
      ),
    ),
    h('h2', {}, '录入或修改一个年度'),
    me().agency.kind === 'county' ? null : message('工作日历适用于全县，只有县级管理员可以修改。', 'error'),
    feedback,
    form,
  );
}
