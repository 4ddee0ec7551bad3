/**
 * The browser journeys' kit: Debian's Chromium through playwright-core against `npm start`'s
 * platform (started by `browser-platform.ts`), an axe-core check of every page visited, and
 * screenshots of each at phone and desktop widths in test/artifacts/browser/<journey>/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { demoPassword } from '../../cdk/local/demo-county.ts';
import { assertBrowser, chromiumPath } from './chromium.ts';
import { htmlErrors } from './html-checker.ts';
import { demoCode } from './oidc.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    platformUrl: string;
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = fileURLToPath(new URL('../artifacts/browser/', import.meta.url));

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;
type Width = keyof typeof viewports;

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Letters and previews sit in sandboxed frames with no script; their pages are checked where they
 * are served whole (the applicant's letter, the published report).
 */
async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    return (await axe.run(document, { iframes: false, resultTypes: ['violations'] })).violations;
  }) as Promise<AxeViolation[]>;
}

export class Journey {
  readonly baseUrl = inject('platformUrl');
  private browser?: Browser;
  private readonly contexts: BrowserContext[] = [];
  private readonly noScript = new WeakSet<Page>();
  private twins?: BrowserContext;
  private readonly pageErrors: string[] = [];
  private readonly dir: string;
  private shots = 0;
  /** Every axe finding of every page, serious or not, for the artefacts. */
  private readonly findings: { page: string; url: string; violations: AxeViolation[] }[] = [];
  /** Each checked page's document as it stood, for the W3C HTML checker when the journey ends. */
  private readonly documents: string[] = [];

  constructor(name: string) {
    this.dir = `${artifacts}${name}/`;
  }

  async start(): Promise<void> {
    assertBrowser();
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    // Chromium's own background connections are refused by this machine's closed network: off.
    this.browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
        '--disable-gpu',
      ],
    });
  }

  /** A fresh browser profile (one person on one device): phone or desktop, with or without script. */
  async open(width: Width, options: { javaScript?: boolean } = {}): Promise<Page> {
    const context = await this.browser!.newContext({
      viewport: viewports[width],
      ...(width === 'phone' && { isMobile: true, hasTouch: true }),
      javaScriptEnabled: options.javaScript ?? true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    if (options.javaScript === false) this.noScript.add(page);
    page.on('pageerror', (error) => this.pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /** A staff API call as `username` (a token from the local platform's dev route), answering the JSON body. */
  async api(username: string, method: string, path: string, body?: unknown): Promise<Record<string, any>> {
    const { token } = (await (
      await fetch(this.url('/api/dev/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
      })
    ).json()) as { token: string };
    const response = await fetch(this.url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return (await response.json()) as Record<string, any>;
  }

  url(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  /** The citizen follows an application: the status query with the receipt's number and code. */
  async openStatus(page: Page, receiptNumber: string, queryCode: string): Promise<void> {
    await page.goto(this.url('/apply/status'));
    await page.getByLabel('受理编号').fill(receiptNumber);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { level: 1, name: '办理进度', exact: true }).waitFor();
  }

  /**
   * Staff sign-in as a person does it: the console's 登录 button, the platform's own provider's page
   * (code + PKCE underneath), back in the console. `code` is left empty for an account that has not
   * enrolled its authenticator yet (the provider then asks for a new password or the enrolment).
   */
  async openSignInPage(page: Page, username: string, password: string, code: string): Promise<void> {
    await page.goto(this.url('/staff/'));
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/oidc\/interaction\//);
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByLabel(/^动态口令/).fill(code);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** A demo account signed in through the provider, into the console (its queue, or `view`). */
  async signInToConsole(page: Page, username: string, view?: string): Promise<void> {
    await this.openSignInPage(page, username, demoPassword, await demoCode(this.baseUrl, username));
    await page.getByRole('heading', { level: 1, name: /依申请公开办理/ }).waitFor();
    if (view) await page.getByRole('navigation', { name: '工作人员' }).getByRole('link', { name: view }).click();
  }

  /**
   * The page as it stands: no uncaught script error so far, no serious or critical axe violation,
   * and a screenshot at each width.
   */
  async check(page: Page, label: string): Promise<void> {
    expect(this.pageErrors, 'uncaught script errors').toEqual([]);
    const violations = this.noScript.has(page) ? await this.axeOnTwin(page) : await runAxe(page);
    this.findings.push({ page: label, url: page.url(), violations });
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      blocking.map(
        (v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      `axe on ${page.url()}`,
    ).toEqual([]);
    await this.screenshot(page, label);
    expect(await this.overflowAt320(page), `${label}: content wider than 320 px (WCAG 1.4.10 reflow)`).toEqual([]);
    await this.keepDocument(page, label);
  }

  /**
   * The document as the person has it (what the server sent, and what script made of it: the
   * console's views are built in the page), saved for the W3C HTML checker, which `stop` runs once
   * over all of them.
   */
  private async keepDocument(page: Page, label: string): Promise<void> {
    const file = `${this.dir}html/${String(this.shots).padStart(2, '0')}-${label}.html`;
    mkdirSync(`${this.dir}html`, { recursive: true });
    writeFileSync(file, await page.content());
    this.documents.push(file);
  }

  /**
   * Reflow (WCAG 1.4.10): at 320 CSS px nothing makes the page scroll sideways. A table or letter in
   * a box that scrolls by itself is fine; what is named is what pushes the page wider.
   */
  private async overflowAt320(page: Page): Promise<string[]> {
    const own = page.viewportSize()!;
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      return await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width + 1) return [];
        const scrolls = (e: Element | null): boolean =>
          !!e &&
          e !== document.body &&
          (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) || scrolls(e.parentElement));
        return Array.from(document.body.querySelectorAll('*'))
          .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e.parentElement))
          .slice(0, 5)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`,
          );
      });
    } finally {
      await page.setViewportSize(own);
    }
  }

  /**
   * axe needs script (its timers never fire in a page with script disabled), so it checks the same
   * document in a page of its own with script on for axe alone: the page's own scripts not loaded.
   */
  private async axeOnTwin(page: Page): Promise<AxeViolation[]> {
    this.twins ??= await this.browser!.newContext({ locale: 'zh-CN' });
    const twin = await this.twins.newPage();
    try {
      await twin.setViewportSize(page.viewportSize()!);
      const url = page.url();
      const document = await page.content();
      await twin.route('**/*', (route) => {
        const request = route.request();
        if (request.url() === url) return route.fulfill({ contentType: 'text/html; charset=utf-8', body: document });
        return request.resourceType() === 'script' ? route.abort() : route.continue();
      });
      await twin.goto(url);
      return await runAxe(twin);
    } finally {
      await twin.close();
    }
  }

  private async screenshot(page: Page, label: string): Promise<void> {
    const own = page.viewportSize()!;
    const name = `${String(++this.shots).padStart(2, '0')}-${label}`;
    for (const width of Object.keys(viewports) as Width[]) {
      await page.setViewportSize(viewports[width]);
      await page.screenshot({ path: `${this.dir}${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize(own);
  }

  /** Saves a file (a printed PDF, a download) among the journey's artefacts. */
  artefact(name: string): string {
    return `${this.dir}${name}`;
  }

  /**
   * Saves the findings, and where each open page was left (after a failure, the place to look); then
   * the W3C HTML checker reads every page the journey checked, and finds no error.
   */
  async stop(): Promise<void> {
    writeFileSync(`${this.dir}axe.json`, JSON.stringify(this.findings, null, 2));
    const pages = this.contexts.flatMap((context) => context.pages());
    for (const [i, page] of pages.entries())
      await page.screenshot({ path: `${this.dir}last-${i + 1}.png`, fullPage: true }).catch(() => undefined);
    for (const context of [...this.contexts, ...(this.twins ? [this.twins] : [])]) await context.close();
    await this.browser?.close();
    const errors = await htmlErrors(this.documents);
    writeFileSync(`${this.dir}html-checker.json`, JSON.stringify(errors, null, 2));
    expect(
      errors.map(
        (e) => `${e.file.slice(this.dir.length)}:${e.line ?? ''} ${e.message}${e.extract ? ` «${e.extract}»` : ''}`,
      ),
      'W3C HTML checker',
    ).toEqual([]);
  }
}

/**
 * Waits out the form's minimum filling time (a guard against bots: a person takes longer than
 * three seconds), counted from when the page was opened.
 */
export async function pastMinimumFillTime(openedAt: number): Promise<void> {
  const wait = 3_200 - (Date.now() - openedAt);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** A small real PDF (the upload checks look at the first bytes). */
export function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  return Buffer.from(`%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length ${stream.length} >> stream
${stream}
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
`);
}
