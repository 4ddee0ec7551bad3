/** Staff publishing through the local gateway, for the publication tests and the bench. */
import { signIn, siteSettled } from './platform.ts';
import { putAll } from './table.ts';

let serial = 0;

/**
 * What one item published through the API may take (draft, submission, 个人信息检查, approval, its
 * pages written): a second or so on an idle machine, 15 s on a loaded one. Tests that publish many
 * set their budgets by it.
 */
export const publishBudgetMs = 15_000;

export const publicationContent = (overrides: Record<string, unknown> = {}) => ({
  title: `露水河镇 2026 年财政预算执行情况（第 ${++serial} 期）`,
  category: 'finance',
  topic: '财政、金融、审计',
  documentNumber: `露政发〔2026〕${serial}号`,
  writtenOn: '2026-11-20',
  summary: '公开露水河镇一般公共预算收支执行情况。',
  bodyHtml: '<p>根据《中华人民共和国预算法》，现将执行情况公开如下。</p><ul><li>一般公共预算收入</li></ul>',
  attachments: [],
  ...overrides,
});

export function publisher(baseUrl: string, agency = 'lsh') {
  const tokens = new Map<string, Promise<string>>();
  const token = (role: string) => {
    if (!tokens.has(role)) tokens.set(role, signIn(baseUrl, `${agency}-${role}`));
    return tokens.get(role)!;
  };
  async function call(
    role: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, any>; requestId?: string }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(role)}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, any>,
      // The id the gateway gave the request: its log lines, and the work it queued, carry it.
      requestId: response.headers.get('apigw-requestid') ?? '',
    };
  }
  /** One step; one that queued pages waits for the renderer to write them, unless `settle` is false. */
  const step = async (
    id: string,
    version: number,
    action: Record<string, unknown>,
    role = 'handler',
    options: { settle?: boolean } = {},
  ) => {
    const result = await call(role, 'POST', `/api/staff/publications/${id}/actions`, { version, action });
    if (result.status !== 200) throw new Error(`${action.type}: ${result.status} ${JSON.stringify(result.body)}`);
    if (result.body.site && options.settle !== false) await siteSettled();
    return result.body;
  };
  /** Draft, submit, approve: the item as published (and, unless `settle` is false, on the site). */
  async function publish(content: Record<string, unknown> = publicationContent(), options: { settle?: boolean } = {}) {
    const created = await call('handler', 'POST', '/api/staff/publications', content);
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const submitted = await step(created.body.id, created.body.version, { type: 'submit' });
    // The reviewer reads the 个人信息检查 (attachments are read after the submission) and keeps what it found with a reason.
    const checked = await privacyChecked(created.body.id);
    const open = checked.privacyFindings.filter((f: { acknowledged?: unknown }) => !f.acknowledged);
    const version = open.length
      ? (
          await step(
            created.body.id,
            checked.version,
            {
              type: 'acknowledge',
              acknowledgements: open.map((f: { id: string }) => ({ id: f.id, reason: '已人工核对，同意公开。' })),
            },
            'reviewer',
          )
        ).version
      : submitted.version;
    return step(
      created.body.id,
      version,
      { type: 'approve', secrecyCheck: '经审查，不涉及国家秘密和个人隐私，同意公开。' },
      'reviewer',
      options,
    );
  }
  /** The item's detail once its 个人信息检查 is done (its attachments read by the privacy function). */
  async function privacyChecked(id: string, role = 'reviewer', limitMs = 60_000) {
    const until = Date.now() + limitMs;
    for (;;) {
      const { body } = await call(role, 'GET', `/api/staff/publications/${id}`);
      if (body.privacy?.state !== 'scanning') return body;
      if (Date.now() > until) throw new Error(`the privacy check of ${id} is still scanning after ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  /** An attachment uploaded as the console does: the policy, then the file straight to the bucket; its upload id. */
  async function upload(fileName: string, contentType: string, bytes: Uint8Array) {
    const { body: policy } = await call('handler', 'POST', '/api/staff/publications/uploads', {
      fileName,
      contentType,
      size: bytes.length,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(policy.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }));
    const stored = await fetch(policy.url, { method: 'POST', body: form });
    if (stored.status >= 300) throw new Error(`upload of ${fileName}: ${stored.status}`);
    return policy.uploadId as string;
  }
  return { call, step, publish, privacyChecked, upload };
}

/**
 * Publishes with the platform's stream stand-in held still, and plays the renderer's invocation for
 * the new task itself: the item, and what the renderer did for it (files written, tasks done).
 */
export async function publishAndRender(
  platform: { pauseWorkers(paused: boolean): void },
  staff: ReturnType<typeof publisher>,
  content?: Record<string, unknown>,
) {
  const { renderNewTasks } = await import('../../cdk/local/site.ts');
  platform.pauseWorkers(true);
  try {
    const item = await staff.publish(content, { settle: false });
    const site = await renderNewTasks();
    if (!site) throw new Error('the publication queued no render task');
    return { item, site };
  } finally {
    platform.pauseWorkers(false);
  }
}

/**
 * Items already published (positions `from`..`count`), written straight into the listings (county,
 * agency, category) as publication leaves them, for measuring what one more publication costs.
 */
export async function seedCatalogue(count: number, agencyId = 'lushuihe', category = 'finance', from = 1) {
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('#lib/dynamo.ts');
  const keys = await import('#store/keys.ts');
  const { listingsOf } = await import('#core/site-plan.ts');
  const listings = listingsOf(agencyId, category);
  const records: Record<string, unknown>[] = [];
  for (let seq = from; seq <= count; seq++) {
    const entry = {
      itemId: `seed${String(seq).padStart(12, '0')}`,
      agencyId,
      agencyName: '露水河镇人民政府',
      title: `历史信息第 ${seq} 条`,
      indexNumber: `013869317/2025-${String(seq).padStart(5, '0')}`,
      category,
      topic: '综合政务',
      writtenOn: '2025-06-01',
      publishedOn: '2025-06-02',
      summary: '历史信息。',
    };
    for (const listing of listings)
      records.push({ ...keys.listingEntry(listing, seq), ...keys.listingFresh(listing, seq), ...entry });
  }
  await putAll(records);
  for (const listing of listings)
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.listingSequence(listing), seq: count } }));
}
