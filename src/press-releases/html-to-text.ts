import sanitizeHtml from 'sanitize-html';

// Tags whose boundaries separate words: without a space `<li>a</li><li>b</li>`
// would read "ab".
const WORD_BREAKING_TAG =
  /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;

// sanitize-html decodes every entity while parsing, then re-escapes only these
// when it writes text back out.
const ESCAPED = /&(amp|lt|gt|quot);/g;
const UNESCAPED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/**
 * Plain text of an HTML fragment: tags removed (script and style bodies with
 * them), entities decoded, whitespace collapsed to single spaces, NFC. A lone
 * no-break space (French `publique&nbsp;:`) is typography, not layout, and is kept.
 */
export function htmlToText(html: string): string {
  const spaced = html.replace(WORD_BREAKING_TAG, ' $& ');
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(ESCAPED, (_entity, name: string) => UNESCAPED[name] ?? '')
    .replace(/\s+/g, (run) => (run === '\u00a0' || run === '\u202f' ? run : ' '))
    .trim()
    .normalize('NFC');
}
