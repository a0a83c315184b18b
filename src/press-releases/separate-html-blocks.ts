// Block-level tags, after CommonMark's list of HTML block starters.
const BLOCK_TAGS =
  'address|article|aside|blockquote|center|dd|details|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul';
const STARTS_WITH_BLOCK_TAG = new RegExp(`^ {0,3}</?(?:${BLOCK_TAGS})\\b`, 'i');
// An HTML line that ends by closing a block (`</figure>`) or with a line break tag.
const ENDS_HTML_BLOCK = new RegExp(`^ {0,3}(?=<).*(?:</(?:${BLOCK_TAGS})\\s*>|<(?:br|hr)\\b[^>]*>)\\s*$`, 'i');
const CLOSING_BLOCK_TAG = new RegExp(`</(?:${BLOCK_TAGS})\\s*>`, 'gi');
const FENCE = /^ {0,3}(?:```|~~~)/;
const MARKDOWN_LINE = /^[^\s<]/;

/**
 * kramdown ends a raw HTML block at its closing tag and reads what follows as
 * Markdown; CommonMark (markdown-it) keeps reading HTML until the next blank
 * line, so in records such as
 *   <figure ...><img src="..."/></figure>**Retour sur sa création**
 * the Markdown after the figure would be shown raw. This inserts the blank
 * line kramdown implies: after an HTML line that closes a block (or ends with
 * `<br>` or `<hr>`) when Markdown text follows, on the next line or on the
 * same line. Lines inside fenced code
 * are left alone; indented lines are never separated (they would become code).
 */
export function separateHtmlBlocks(markdown: string): string {
  const lines = markdown.split('\n');
  const output: string[] = [];
  let inFence = false;
  lines.forEach((line, index) => {
    if (FENCE.test(line)) {
      inFence = !inFence;
    }
    if (inFence) {
      output.push(line);
      return;
    }
    const [head, tail] = splitAfterLastClosingTag(line);
    output.push(head);
    if (tail !== null) {
      output.push('', tail);
      return;
    }
    const next = lines[index + 1];
    if (next !== undefined && ENDS_HTML_BLOCK.test(line) && MARKDOWN_LINE.test(next)) {
      output.push('');
    }
  });
  return output.join('\n');
}

/** `<figure>…</figure>**text**` -> [`<figure>…</figure>`, `**text**`]; otherwise [line, null]. */
function splitAfterLastClosingTag(line: string): [string, string | null] {
  if (!STARTS_WITH_BLOCK_TAG.test(line)) {
    return [line, null];
  }
  const closings = [...line.matchAll(CLOSING_BLOCK_TAG)];
  const last = closings.at(-1);
  if (last === undefined) {
    return [line, null];
  }
  const end = last.index + last[0].length;
  const tail = line.slice(end).trim();
  return tail === '' || tail.startsWith('<') ? [line, null] : [line.slice(0, end), tail];
}
