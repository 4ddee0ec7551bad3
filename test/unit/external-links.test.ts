import { describe, expect, it } from 'vitest';
import {
  addressAllowed,
  afterCheck,
  attachmentOfKey,
  checkAtOnce,
  externalUrl,
  linkFinding,
  outcomeOfError,
  outcomeOfStatus,
  textLinks,
} from '#core/external-links.ts';
import { checkPage } from '#core/inspection-page.ts';

const site = 'example.gov.cn';
const at = new Date('2026-12-07T02:00:00.000Z');
const url = 'https://www.example.org/a';

describe('external links of a page', () => {
  it('takes absolute http(s) addresses on other hosts, each once and without the fragment', () => {
    expect(externalUrl('https://www.gov.cn/zhengce/#top', site)).toBe('https://www.gov.cn/zhengce/');
    expect(externalUrl('//www.gov.cn/x', site)).toBe('https://www.gov.cn/x');
    for (const own of [
      '/lushuihe/',
      'items/a.html',
      `https://${site}/search/`,
      'mailto:a@b.cn',
      'javascript:x',
      '#top',
    ])
      expect(externalUrl(own, site), own).toBeUndefined();
    const html = `<a href="https://www.gov.cn/">一</a><a href="https://www.gov.cn/#b">二</a><a href="/x/">内</a><img src="https://cdn.example.org/i.png">`;
    expect(checkPage('x/items/a.html', html, { siteHost: site, siteCode: false }).external).toEqual([
      'https://www.gov.cn/',
    ]);
  });
});

describe('external links of an attachment', () => {
  it('takes the addresses written out in its text, without the sentence around them, and its hyperlinks', () => {
    const text =
      '详见 https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm。另见（http://www.jl.gov.cn/a?b=1&c=2），' +
      '请登录http://zwfw.jl.gov.cn/办理, 或 https://en.wikipedia.org/wiki/Foo_(bar). 又见 ftp://x.cn/ 与 https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm#a (see http://www.mof.gov.cn/x).';
    expect(textLinks([text], ['https://www.ndrc.gov.cn/x', 'mailto:a@b.cn', '#_Toc1'])).toEqual([
      'https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm',
      'http://www.jl.gov.cn/a?b=1&c=2',
      'http://zwfw.jl.gov.cn/',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'http://www.mof.gov.cn/x',
      'https://www.ndrc.gov.cn/x',
    ]);
  });

  it("names the attachment a site file's key holds, and the attachment in the finding", () => {
    expect(attachmentOfKey('lushuihe/files/item1/att1.pdf')).toBe('att1');
    expect(attachmentOfKey('lushuihe/items/item1.html')).toBeUndefined();
    const reported = { rule: 'externalLinkWrong' as const, detail: '链接 http://a.cn/ 答复 404（连续 2 次检查）' };
    expect(linkFinding(reported, 'lushuihe', '/p.html', '通知.pdf').detail).toBe(
      '附件《通知.pdf》中的链接 http://a.cn/ 答复 404（连续 2 次检查）',
    );
    expect(linkFinding(reported, 'lushuihe', '/p.html').detail).toBe(reported.detail);
  });
});

describe('addresses a link may be fetched at', () => {
  it('refuses addresses inside a network (the metadata service among them), and allows loopback only locally', () => {
    for (const inside of [
      '169.254.169.254',
      '10.0.0.5',
      '172.16.3.4',
      '192.168.1.1',
      '127.0.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:169.254.169.254',
    ])
      expect(addressAllowed(inside, false), inside).toBe(false);
    for (const outside of ['202.108.22.5', '8.8.8.8', '2400:3200::1'])
      expect(addressAllowed(outside, false), outside).toBe(true);
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('::1', true)).toBe(true);
    expect(addressAllowed('169.254.169.254', true)).toBe(false);
    expect(addressAllowed('not-an-address', true)).toBe(false);
  });
});

describe('what a check means', () => {
  it('reads a missing address (404, 410, a name that does not resolve) as 错链 and what may come back as 断链', () => {
    expect(outcomeOfStatus(200)).toMatchObject({ kind: 'ok' });
    expect(outcomeOfStatus(404)).toMatchObject({ kind: 'wrong', reason: '答复 404' });
    expect(outcomeOfStatus(410, true)).toMatchObject({ kind: 'wrong', reason: '经跳转后答复 410' });
    expect(outcomeOfStatus(503)).toMatchObject({ kind: 'broken' });
    expect(outcomeOfStatus(429)).toMatchObject({ kind: 'broken' });
    expect(outcomeOfError('ENOTFOUND')).toMatchObject({ kind: 'wrong', reason: '域名无法解析' });
    expect(outcomeOfError('TIMEOUT')).toMatchObject({ kind: 'broken', reason: '超时未答复' });
    expect(outcomeOfError('ECONNRESET')).toMatchObject({ kind: 'broken' });
  });

  it('reports a failure only when the next run’s check fails too, and forgets it once the link answers', () => {
    const once = afterCheck({ failures: 0, nextCheck: checkAtOnce }, { kind: 'broken', reason: '超时未答复' }, url, at);
    expect(once).toMatchObject({ failures: 1, nextCheck: at.toISOString() });
    expect(once.reported).toBeUndefined();
    const twice = afterCheck(once, { kind: 'wrong', status: 404, reason: '答复 404' }, url, at);
    expect(twice.reported).toEqual({ rule: 'externalLinkWrong', detail: `链接 ${url} 答复 404（连续 2 次检查）` });
    const back = afterCheck(twice, { kind: 'ok', status: 200 }, url, at);
    expect(back).toEqual({ failures: 0, checkedAt: at.toISOString(), nextCheck: '2026-12-14T02:00:00.000Z' });
    const timeouts = afterCheck(once, { kind: 'broken', reason: '超时未答复' }, url, at);
    expect(timeouts.reported?.rule).toBe('externalLinkBroken');
  });

  it('reports an address inside a network at once, without fetching it', () => {
    const refused = afterCheck(
      undefined,
      { kind: 'refused', address: '169.254.169.254' },
      'http://169.254.169.254/',
      at,
    );
    expect(refused.reported).toEqual({
      rule: 'externalLinkWrong',
      detail: '链接 http://169.254.169.254/ 指向内部网络地址（169.254.169.254），未予访问',
    });
  });
});
