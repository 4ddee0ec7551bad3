import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { signFormToken } from '#core/form-token.ts';
import * as keys from '#store/keys.ts';

let serial = 0;

/**
 * The form-start key the test platforms hold (written in place of the one a platform makes on first
 * use), so a test can sign a start token dated a minute ago as a person filling the form would have.
 */
const testFormKey = 'test-form-key-not-secret';

export async function useTestFormKey(table: string) {
  const { db } = await import('#lib/dynamo.ts');
  await db.send(new PutCommand({ TableName: table, Item: { ...keys.formKey(), key: testFormKey } }));
}

/** A start token issued `ageMs` ago (a minute: a form a person filled in; negative: one not yet usable). */
export const formToken = (ageMs = 60_000) => signFormToken(testFormKey, Date.now() - ageMs);

/**
 * Realistic application bodies for the tests and the bench. Each differs in its description: the
 * platform rightly treats identical content sent twice without a key as one application.
 */
export const personApplication = (overrides: Record<string, unknown> = {}) => ({
  agencyId: 'lushuihe',
  applicant: {
    kind: 'person',
    name: '李明',
    idType: 'resident',
    idNumber: '11010519491231002X',
    address: '吉林省白山市抚松县露水河镇长白街 1 号',
    postcode: '134504',
    phone: '13800000000',
    email: 'liming@example.com',
  },
  request: {
    title: '露水河镇 2025 年财政预算执行情况',
    documentNumber: '露政发〔2025〕3号',
    description: `镇本级一般公共预算收支执行情况报告全文（第 ${++serial} 份）`,
  },
  delivery: { medium: 'email', method: 'email' },
  formToken: formToken(),
  ...overrides,
});

export const organisationApplicant = {
  kind: 'organisation',
  name: '抚松县长白山人参商贸有限公司',
  orgType: 'business',
  creditCode: '91350100M000100Y43',
  legalRepresentative: '王五',
  contactName: '赵六',
  phone: '0439-6212345',
  address: '抚松县抚松镇人参大街 8 号',
  email: 'office@example.com',
};

export async function submit(baseUrl: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Every row of an agency's queue, page after page (the API serves at most 100 a page). */
export async function wholeQueue(baseUrl: string, token: string, query = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const page = (await (
      await fetch(
        `${baseUrl}/api/staff/applications?limit=100${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).json()) as { items: Record<string, any>[]; next: string | null };
    rows.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return rows;
}

/** The handler's reason a request clearly exceeds a reasonable range, which a fee notice states (109号). */
export const feeReason = '本月已申请 12 件，所涉信息共 300 余页';

/**
 * Files for an answer as the console gives them: checked for others' personal data first (the
 * privacy function reads them), each finding kept with a reason; what the answer then carries.
 */
export async function checkedAnswerFiles(baseUrl: string, token: string, receiptNumber: string, files: string[]) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/staff/applications/${receiptNumber}/file-checks${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`file check: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; state: string; findings: { id: string }[] };
  };
  let check = await call('POST', '', { files });
  for (let i = 0; check.state === 'scanning'; i++) {
    if (i > 600) throw new Error(`file check ${check.id} still scanning`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    check = await call('GET', `/${check.id}`);
  }
  return {
    files,
    fileCheck: check.id,
    ...(check.findings.length && {
      privacyAcknowledgements: check.findings.map((f) => ({ id: f.id, reason: '经人工核对，文件不含他人个人信息。' })),
    }),
  };
}
