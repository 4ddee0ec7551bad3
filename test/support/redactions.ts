/** Redaction (部分公开, issue 43) through the local gateway as the console drives it: files, marks, the job's end. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF with a text layer, one line a row (Helvetica: ASCII text). */
export async function pdfOf(lines: string[]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  for (const [i, line] of lines.entries()) page.drawText(line, { x: 50, y: 780 - i * 20, size: 11, font });
  return document.save();
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, any> }>;

/** A staff member's calls with a token, answering the status and the JSON body. */
export const caller =
  (baseUrl: string, token: string): Call =>
  async (method, path, body) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };

/** A file uploaded as the console does it (the policy from `policyPath`, then straight to the bucket): its upload id. */
export async function uploadFile(
  call: Call,
  fileName: string,
  bytes: Uint8Array,
  policyPath = '/api/staff/uploads',
  contentType = 'application/pdf',
) {
  const policy = await call('POST', policyPath, { fileName, contentType, size: bytes.length });
  if (policy.status !== 201) throw new Error(`upload policy: ${policy.status} ${JSON.stringify(policy.body)}`);
  const form = new FormData();
  for (const [name, value] of Object.entries(policy.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }));
  const stored = await fetch(policy.body.url, { method: 'POST', body: form });
  if (stored.status >= 300) throw new Error(`upload of ${fileName}: ${stored.status}`);
  return policy.body.uploadId as string;
}

/** The redaction once its job has ended (state ready or failed). */
export async function produced(call: Call, id: string, limitMs = 120_000) {
  const until = Date.now() + limitMs;
  for (;;) {
    const { status, body } = await call('GET', `/api/staff/redactions/${id}`);
    if (status !== 200) throw new Error(`redaction ${id}: ${status} ${JSON.stringify(body)}`);
    if (body.state !== 'producing') return body;
    if (Date.now() > until) throw new Error(`redaction ${id} still producing after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Create, mark and produce: the redaction as its job left it. */
export async function redactionOf(call: Call, source: Record<string, string>, marks: unknown[]) {
  const created = await call('POST', '/api/staff/redactions', { source });
  if (created.status !== 201) throw new Error(`create redaction: ${created.status} ${JSON.stringify(created.body)}`);
  const marked = await call('PUT', `/api/staff/redactions/${created.body.id}/marks`, {
    version: created.body.version,
    marks,
  });
  if (marked.status !== 200) throw new Error(`marks: ${marked.status} ${JSON.stringify(marked.body)}`);
  const started = await call('POST', `/api/staff/redactions/${created.body.id}/produce`, {
    version: marked.body.version,
  });
  if (started.status !== 202) throw new Error(`produce: ${started.status} ${JSON.stringify(started.body)}`);
  return produced(call, created.body.id);
}
