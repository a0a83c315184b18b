/** A Jekyll file cut into its YAML front matter and its Markdown body. */
export type SplitFrontMatterResult =
  | {
      readonly ok: true;
      /** The YAML between the two delimiter lines. */
      readonly frontMatter: string;
      /** Everything after the closing delimiter line. */
      readonly body: string;
    }
  | { readonly ok: false; readonly message: string };

// Jekyll only treats a file as a page when its very first line is `---`
// (trailing spaces tolerated); the block ends at the next `---` or `...` line.
const OPENING = /^---[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Splits `---` front matter from the body. Expects `\n` line endings (the
 * caller normalises them).
 */
export function splitFrontMatter(text: string): SplitFrontMatterResult {
  const lines = text.split('\n');
  if (!OPENING.test(lines[0] ?? '')) {
    return { ok: false, message: 'the first line is not `---`: no YAML front matter' };
  }
  const closingIndex = lines.findIndex((line, index) => index > 0 && CLOSING.test(line));
  if (closingIndex === -1) {
    return { ok: false, message: 'the front matter opened on line 1 is never closed by `---`' };
  }
  return {
    ok: true,
    frontMatter: lines.slice(1, closingIndex).join('\n'),
    body: lines.slice(closingIndex + 1).join('\n'),
  };
}
