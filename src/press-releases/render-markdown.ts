import MarkdownIt from 'markdown-it';
import { htmlToText } from './html-to-text.js';
import { kramdownAttributes } from './kramdown-attributes.js';
import { sanitizeBodyHtml } from './sanitize-body-html.js';
import { separateHtmlBlocks } from './separate-html-blocks.js';

export interface RenderedMarkdown {
  /** Sanitised HTML. */
  readonly html: string;
  /** Plain text of that HTML, whitespace collapsed. */
  readonly text: string;
}

// Jekyll's kramdown passes raw HTML through, so markdown-it must too (html: true);
// the sanitizer runs on the result. Typographer stays off: the authors already
// typed French quotes and apostrophes.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false }).use(kramdownAttributes);

/** Renders Jekyll/kramdown-flavoured Markdown to sanitised HTML and plain text. */
export function renderMarkdown(source: string): RenderedMarkdown {
  const html = sanitizeBodyHtml(markdown.render(separateHtmlBlocks(source)));
  return { html, text: htmlToText(html) };
}
