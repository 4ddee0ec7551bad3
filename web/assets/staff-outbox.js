// @ts-check
// The staff console's outbox: the letters e-mailed to applicants, newest first, with their delivery.
import { api, beijing, h, moreButton, render } from './staff-kit.js';

/** @param {import('./api-types').Answer<'GET /api/staff/outbox'>['mail'][number]} m */
const mailItem = (m) =>
  h(
    'li',
    {},
    h(
      'details',
      {},
      h('summary', {}, `${beijing(m.at)} 致 ${m.to}：${m.subject}（${m.deliveryLabel}）`),
      h('pre', {}, m.text),
    ),
  );

export async function outboxView() {
  const first = await api('GET /api/staff/outbox', '/api/staff/outbox');
  const list = h('ul', { class: 'outbox' }, first.mail.map(mailItem));
  render(
    h('h1', {}, '发件箱'),
    h('p', { class: 'lead' }, '发给申请人的文书邮件，最新的在前。本地运行时不实际发送，保存在此备查。'),
    first.mail.length ? list : h('p', {}, '暂无邮件。'),
    moreButton('GET /api/staff/outbox', '/api/staff/outbox', new URLSearchParams(), first, 'mail', mailItem, list),
  );
}
