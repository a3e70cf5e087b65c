import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { escapeHtml, escapeMarkdownText, markdownLink, safeHttpUrl } from '../../../src/core/report/escape';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '`${alert(1)}`',
  '&lt;script&gt; already escaped',
  'javascript:alert(1)',
];

describe('escapeHtml', () => {
  for (const hostile of HOSTILE) {
    it(`leaves no tag, attribute break or entity in ${JSON.stringify(hostile)}`, () => {
      const escaped = escapeHtml(hostile);
      assert.ok(!/[<>"'`]/.test(escaped), escaped);
      assert.ok(!/&(?!amp;|lt;|gt;|quot;|#39;|#96;)/.test(escaped), `an unescaped & in ${escaped}`);
    });
  }

  it('escapes & first, so "&lt;" shows as the four characters it is', () => {
    assert.equal(escapeHtml('&lt;'), '&amp;lt;');
  });

  it('drops control characters but keeps tabs, newlines and every other character', () => {
    assert.equal(escapeHtml('a\u0000b\u0007c\td\ne Côte d’Ivoire 😀'), 'abc\td\ne Côte d’Ivoire 😀');
  });

  it('decodes back to the original text (minus control characters), for any string', () => {
    const decode = (text: string) =>
      text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[name]!);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const escaped = escapeHtml(text);
        assert.ok(!/[<>"'`]/.test(escaped));
        assert.equal(decode(escaped), text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, ''));
      }),
    );
  });
});

describe('safeHttpUrl', () => {
  it('accepts plain http and https URLs', () => {
    assert.equal(safeHttpUrl('https://example.org/a?b=c#d'), 'https://example.org/a?b=c#d');
    assert.equal(safeHttpUrl('HTTP://EXAMPLE.ORG'), 'HTTP://EXAMPLE.ORG');
  });

  for (const url of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative/path',
    'https://',
    'https:///path',
    'https://exa mple.org',
    'https://example.org/\u0000',
    'https://example.org\\@evil.example',
    'file:///etc/passwd',
  ]) {
    it(`refuses ${JSON.stringify(url)}`, () => {
      assert.equal(safeHttpUrl(url), undefined);
    });
  }

  it('refuses anything that is not a string', () => {
    assert.equal(safeHttpUrl(undefined), undefined);
    assert.equal(safeHttpUrl(42 as unknown as string), undefined);
  });
});

describe('escapeMarkdownText', () => {
  it('keeps a table cell one cell: pipes escaped, line breaks turned into spaces', () => {
    assert.equal(escapeMarkdownText('a | b\nc'), 'a \\| b c');
  });

  it('turns links, images, HTML and emphasis into literal text', () => {
    const escaped = escapeMarkdownText('![x](javascript:alert(1)) [y](https://e.org) <b>bold</b> *em* _em_ `code`');
    assert.ok(!/(^|[^\\])[[\]<>*_`]/.test(escaped), escaped);
  });

  it('breaks bare URLs so GitHub does not autolink them', () => {
    assert.ok(!/https:\/\//.test(escapeMarkdownText('see https://evil.example')));
    assert.ok(!/www\./i.test(escapeMarkdownText('see www.evil.example')));
  });
});

describe('markdownLink', () => {
  it('links an http(s) URL, percent-encoding what would end the destination or the cell', () => {
    assert.equal(markdownLink('Title', 'https://e.org/a|c>(d)'), '[Title](<https://e.org/a%7Cc%3E%28d%29>)');
  });

  it('writes only the escaped text for a javascript: URL', () => {
    assert.equal(markdownLink('[click]', 'javascript:alert(1)'), '\\[click\\]');
  });
});
