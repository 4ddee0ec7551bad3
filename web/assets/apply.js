// @ts-check
// Progressive enhancement of the application form and the status page's correction form: each works
// without this script (a plain form post); with it, the unused applicant section is set aside, files
// are uploaded straight to storage, and a second click cannot send the form twice.
/** @type {HTMLFormElement | null} */
const form = document.querySelector('form[data-apply]');
const summary = document.getElementById('error-summary');
if (summary) summary.focus();

// The receipt's print button (without script, the browser's own print command).
for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('button[data-print]'))) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

if (form) {
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
  submit.before(status);

  // Only the chosen applicant section is shown and sent.
  /** @type {NodeListOf<HTMLFieldSetElement>} */
  const sections = form.querySelectorAll('fieldset[data-applicant]');
  const showApplicant = () => {
    /** @type {HTMLInputElement | null} */
    const chosen = form.querySelector('input[name="applicantKind"]:checked');
    const kind = chosen?.value ?? 'person';
    for (const section of sections) {
      const active = section.dataset.applicant === kind;
      section.hidden = !active;
      section.disabled = !active;
    }
  };
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'applicantKind') showApplicant();
  });
  showApplicant();

  const fileInputs = [
    .../** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[type="file"][data-purpose]')),
  ];
  for (const input of fileInputs) input.disabled = false;
  const allowed = ['application/pdf', 'image/jpeg', 'image/png'];
  const maxBytes = 10 * 1024 * 1024;
  const maxFiles = 5;

  /**
   * What is wrong with the files chosen in `input` (their type, their size, too many in all), or ''.
   * @param {HTMLInputElement} input
   */
  const fileProblem = (input) => {
    const wrong = [...(input.files ?? [])].find((file) => !allowed.includes(file.type) || file.size > maxBytes);
    if (wrong)
      return `「${wrong.name}」${wrong.size > maxBytes ? '超过 10 MB' : '不是 PDF、JPEG 或 PNG 文件'}，请重新选择：仅支持 10 MB 以内的 PDF、JPEG、PNG 文件。`;
    const chosen = fileInputs.reduce((count, each) => count + (each.files?.length ?? 0), 0);
    return input.files?.length && chosen > maxFiles ? `最多上传 ${maxFiles} 个附件，请减少所选文件。` : '';
  };

  /**
   * The field's error next to it, as the server's errors are shown (or none): the message under the
   * label, the field marked, the control described by it.
   * @param {HTMLInputElement} input
   * @param {string} message
   */
  const showFileError = (input, message) => {
    const field = /** @type {HTMLElement} */ (input.closest('.field'));
    const id = `${input.id}-error`;
    document.getElementById(id)?.remove();
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((d) => d && d !== id);
    field.classList.toggle('invalid', Boolean(message));
    if (message) {
      const error = document.createElement('p');
      error.className = 'field-error';
      error.id = id;
      error.setAttribute('role', 'alert');
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = '错误：';
      error.append(hidden, message);
      input.before(error);
      described.push(id);
      input.setAttribute('aria-invalid', 'true');
    } else input.removeAttribute('aria-invalid');
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
  };

  // Checked as soon as they are chosen, not only when the form is sent.
  for (const input of fileInputs)
    input.addEventListener('change', () => {
      for (const each of fileInputs) showFileError(each, fileProblem(each));
    });

  /**
   * @param {File} file
   * @param {string} purpose
   * @returns {Promise<string>} the upload's id
   */
  async function upload(file, purpose) {
    const response = await fetch('/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The form's own key binds the upload to this form: only its submission can link the file.
      body: JSON.stringify({
        formKey: /** @type {HTMLInputElement | null} */ (
          form?.querySelector('input[name="idempotencyKey"], input[name="formKey"]')
        )?.value,
        purpose,
        fileName: file.name,
        contentType: file.type,
        size: file.size,
      }),
    });
    const policy = await response.json();
    if (!response.ok) throw new Error(policy.message);
    const body = new FormData();
    for (const [name, value] of Object.entries(policy.fields)) body.append(name, String(value));
    body.append('file', file);
    const stored = await fetch(policy.url, { method: 'POST', body });
    if (!stored.ok) throw new Error(`「${file.name}」上传失败，请重试。`);
    return policy.uploadId;
  }

  let sending = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const files = fileInputs.flatMap((input) =>
      [...(input.files ?? [])].map((file) => ({ file, input, purpose: input.dataset.purpose ?? '' })),
    );
    const faulty = fileInputs.filter((input) => {
      const problem = fileProblem(input);
      showFileError(input, problem);
      return problem;
    });
    if (faulty.length) {
      faulty[0]?.focus();
      return;
    }
    sending = true;
    submit.disabled = true;
    /** @type {HTMLInputElement | undefined} */
    let current;
    try {
      for (const [i, { file, input, purpose }] of files.entries()) {
        current = input;
        status.textContent = `正在上传附件 ${i + 1}/${files.length}：${file.name}`;
        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = 'uploads';
        hidden.value = await upload(file, purpose);
        form.append(hidden);
      }
      status.textContent = form.dataset.sending ?? '正在提交申请…';
      form.submit();
    } catch (error) {
      // A failed upload is the file's error, next to its field: not the progress line's news.
      status.textContent = '';
      const message = (error instanceof Error && error.message) || '上传失败，请检查网络后重试。';
      if (current) {
        showFileError(current, message);
        current.focus();
      } else status.textContent = message;
      for (const hidden of form.querySelectorAll('input[type="hidden"][name="uploads"]')) hidden.remove();
      sending = false;
      submit.disabled = false;
    }
  });
}

// 先查后申: as the applicant names the information, up to five published items that match, from the
// site's static search index (no server call). Without script nothing changes.
const titleInput = /** @type {HTMLInputElement | null} */ (
  document.querySelector('form[data-apply] [name="request.title"]')
);
const descriptionInput = /** @type {HTMLTextAreaElement | null} */ (
  document.querySelector('form[data-apply] [name="request.description"]')
);
if (titleInput) {
  const box = document.createElement('section');
  box.className = 'published-matches';
  box.setAttribute('aria-live', 'polite');
  box.hidden = true;
  // Right under the title being typed, where the eye is (on a phone, still in view above the keyboard).
  (titleInput.closest('.field') ?? titleInput).after(box);
  let asked = '';
  let timer = 0;
  const look = async () => {
    // The title names the information; a description alone is searched by its opening words.
    const query = (titleInput.value.trim() || (descriptionInput?.value.trim() ?? '').slice(0, 40)).slice(0, 80);
    if (query === asked) return;
    asked = query;
    if ([...query].length < 2) {
      box.hidden = true;
      return;
    }
    try {
      const { fetchSiteJson, search } = await import('./search-core.js');
      const { results } = await search(query, { pageSize: 5 }, fetchSiteJson);
      if (asked !== query) return;
      box.replaceChildren();
      if (!results.length) {
        box.hidden = true;
        return;
      }
      const heading = document.createElement('h2');
      heading.textContent = '以下信息已经主动公开';
      const note = document.createElement('p');
      note.textContent = '已主动公开的政府信息可以直接查阅，无需申请。如果其中没有您需要的信息，请继续填写申请。';
      const list = document.createElement('ul');
      for (const r of results) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = r.u;
        link.target = '_blank';
        link.rel = 'noopener';
        link.textContent = r.t;
        const meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = ` ${r.a} · ${r.d}`;
        item.append(link, meta);
        list.append(item);
      }
      box.append(heading, note, list);
      box.hidden = false;
    } catch {
      box.hidden = true;
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = window.setTimeout(look, 300);
  };
  titleInput.addEventListener('input', soon);
  descriptionInput?.addEventListener('input', soon);
  if (titleInput.value) soon();
}
