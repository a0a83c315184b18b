import sanitizeHtml from 'sanitize-html';

// Bodies mix Markdown with hand-written HTML (tweet embeds, accordions driven by
// inline scripts, `style` attributes). Keep the document structure and links;
// drop everything executable or layout-only. Relative URLs (`/uploads/...`)
// are kept as written.
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel', 'name'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    '*': ['class', 'id', 'lang', 'dir', 'role', 'aria-label'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  // Script and style bodies are dropped with their tags, not kept as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  transformTags: {
    // Any target (`_BLANK`, a named window) opens a context that could reach
    // back through window.opener; only `_self`-like links need no guard.
    a: (tagName, attribs) =>
      attribs['target'] !== undefined && attribs['target'].toLowerCase() !== '_self'
        ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }
        : { tagName, attribs },
  },
};

/** Sanitises rendered body HTML: no scripts, styles, frames, event handlers or `javascript:` URLs. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
