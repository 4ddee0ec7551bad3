/**
 * Post/Redirect/Get for the citizen's forms: a form refused is kept as a draft (store/form-drafts.ts)
 * and the browser is sent to the form's page for it, a GET; that page opens the draft with this
 * browser's secret, from an HttpOnly cookie. Back and reload never meet a resubmission prompt.
 */
import { redirect, type Reply } from '#lib/reply.ts';
import { draftMinutes, newDraftSecret, readDraft, saveDraft, type FormDraft } from '#store/form-drafts.ts';

const draftCookie = 'gk_draft';

export interface FormRequest {
  cookies: string[];
  headers: Record<string, string | undefined>;
}

const cookieValue = (cookies: string[], name: string) =>
  cookies
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1) || undefined;

/** 303 to `page` (the form's own address) with the draft's id, the browser's secret in its cookie. */
export async function sendBack(draft: FormDraft, page: string, request: FormRequest): Promise<Reply> {
  const secret = cookieValue(request.cookies, draftCookie) ?? newDraftSecret();
  const id = await saveDraft(draft, secret);
  const secure = request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
  return redirect(`${page}?draft=${id}`, [
    `${draftCookie}=${secret}; Path=/; Max-Age=${draftMinutes * 60}; HttpOnly; SameSite=Lax${secure}`,
  ]);
}

/** The draft `id` names, if it is `form`'s and this browser's; otherwise none. */
export const openDraft = (id: string | undefined, form: string, cookies: string[]) =>
  id ? readDraft(id, form, cookieValue(cookies, draftCookie)) : Promise.resolve(undefined);

/** Said where a draft's address is opened after its time, or in another browser. */
export const draftGone = `此前填写的内容已超过 ${draftMinutes} 分钟或不在本浏览器中，为保护您的信息已不再保留，请重新填写。`;
