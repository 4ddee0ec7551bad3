import { describe, expect, it } from 'vitest';
import { plainText, sanitiseRichText } from '#core/rich-text.ts';

describe('staff rich text', () => {
  it('keeps structure, links and table spans', () => {
    expect(
      sanitiseRichText(
        '<h3>一、情况</h3><p><strong>重点</strong>与<em>说明</em></p><ul><li>甲</li></ul><table><tr><td colspan="2">合计</td></tr></table><a href="https://gov.cn/a?b=1&c=2">链接</a><a href="/lushuihe/">本站</a>',
      ),
    ).toBe(
      '<h3>一、情况</h3><p><strong>重点</strong>与<em>说明</em></p><ul><li>甲</li></ul><table><tr><td colspan="2">合计</td></tr></table><a href="https://gov.cn/a?b=1&amp;c=2" rel="noopener noreferrer">链接</a><a href="/lushuihe/" rel="noopener noreferrer">本站</a>',
    );
  });

  it.each([
    ['<script>alert(1)</script>正文', '正文'],
    ['<img src=x onerror=alert(1)>正文', '正文'],
    ['<p onclick="alert(1)" style="color:red" class="x">段</p>', '<p>段</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="java\tscript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href=" JAVASCRIPT:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<a href="//evil.example/">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['<svg onload=alert(1)><circle/></svg>后', '后'],
    ['<iframe src="https://evil.example"></iframe>后', '后'],
    ['<style>p{}</style>后', '后'],
    ['<p>未闭合<strong>粗', '<p>未闭合<strong>粗</strong></p>'],
    ['</p></div>多余的结束标签', '多余的结束标签'], // a stray </p> is an empty paragraph, as browsers read it, and dropped
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<p title="&quot;><script>alert(1)</script>">段</p>', '<p>段</p>'],
    ['<td colspan="2 onmouseover=alert(1)">x</td>', '<td>x</td>'],
    ['<!-- <script>alert(1)</script> -->后', '后'],
    ['<p>一</p><![CDATA[<script>alert(1)</script>]]>', '<p>一</p>'],
  ])('makes %s inert', (input, output) => {
    expect(sanitiseRichText(input)).toBe(output);
  });

  it('keeps what the console editor writes, without its fillers', () => {
    // Tiptap's table (a colgroup and inline widths, spans of 1 on every cell) and an empty paragraph.
    const written =
      '<p>说明</p><p></p><table style="min-width: 75px"><colgroup><col style="min-width: 25px"></colgroup><tbody><tr><th colspan="1" rowspan="1"><p>部门</p></th><th colspan="2" rowspan="1"><p>预算</p></th></tr><tr><td colspan="1" rowspan="1"><p></p></td></tr></tbody></table><ul><li><p>一</p></li></ul><p><br></p>';
    expect(sanitiseRichText(written)).toBe(
      '<p>说明</p><table><tbody><tr><th><p>部门</p></th><th colspan="2"><p>预算</p></th></tr><tr><td></td></tr></tbody></table><ul><li><p>一</p></li></ul>',
    );
  });

  it('gives the text alone for summaries', () => {
    expect(plainText('<p>根据<strong>条例</strong>，</p><script>x</script><p>公开如下。</p>')).toBe(
      '根据条例， 公开如下。',
    );
  });
});
