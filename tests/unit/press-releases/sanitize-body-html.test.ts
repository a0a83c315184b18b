import { describe, expect, it } from 'vitest';
import { sanitizeBodyHtml } from '../../../src/press-releases/sanitize-body-html.js';

describe('sanitizeBodyHtml', () => {
  it.each([
    ['<a href="https://x.fr" target="_blank">x</a>'],
    ['<a href="https://x.fr" target="_BLANK">x</a>'],
    ['<a href="https://x.fr" target="fenetre">x</a>'],
  ])('guards window.opener on every link that opens elsewhere: %s', (html) => {
    expect(sanitizeBodyHtml(html)).toContain('rel="noopener noreferrer"');
  });

  it('leaves a link opening in the same window alone', () => {
    expect(sanitizeBodyHtml('<a href="https://x.fr" target="_self">x</a>')).toBe('<a href="https://x.fr" target="_self">x</a>');
  });

  it('drops scripts, handlers and javascript: URLs', () => {
    const html = '<p onclick="steal()">a<script>steal()</script><a href="JaVaScRiPt:steal()">b</a><img src="x" onerror="steal()"></p>';
    const clean = sanitizeBodyHtml(html);
    expect(clean).not.toMatch(/steal|script|onclick|onerror|javascript/i);
    expect(clean).toContain('<p>a<a>b</a>');
  });
});
