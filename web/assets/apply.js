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
      [...(input.files ?? [])].map((file) => ({ file, purpose: input.dataset.purpose ?? '' })),
    );
    const wrong = files.find(({ file }) => !allowed.includes(file.type) || file.size > maxBytes);
    if (wrong) {
      status.textContent = `「${wrong.file.name}」不符合要求：仅支持 10 MB 以内的 PDF、JPEG、PNG 文件。`;
      return;
    }
    if (files.length > 5) {
      status.textContent = '最多上传 5 个附件。';
      return;
    }
    sending = true;
    submit.disabled = true;
    try {
      for (const [i, { file, purpose }] of files.entries()) {
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
      status.textContent = (error instanceof Error && error.message) || '上传失败，请检查网络后重试。';
      sending = false;
      submit.disabled = false;
    }
  });
}
