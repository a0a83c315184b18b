import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

// A kramdown inline attribute list: `{: .class #id key="value"}` or `{:target="_blank"}`.
const ATTRIBUTE_LIST = /\{:([^{}\n]*)\}/g;
const ATTRIBUTE = /\.([\w-]+)|#([\w-]+)|([\w:-]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))/g;
const SPAN_CLOSERS = new Map([
  ['link_close', 'link_open'],
  ['strong_close', 'strong_open'],
  ['em_close', 'em_open'],
  ['s_close', 's_open'],
]);

type Attribute = readonly [name: string, value: string];

/**
 * markdown-it plugin for the kramdown attribute lists numerique.gouv.fr uses
 * (Jekyll renders with kramdown, markdown-it does not know them). An attribute
 * list after a link, emphasis or image applies to it; one on its own line
 * applies to the paragraph it ends, or to the block before it (a heading) when
 * it opens a paragraph. Whatever cannot be placed is dropped: the syntax must
 * never leak into the page as text. The sanitizer decides later which of these
 * attributes survive.
 */
export function kramdownAttributes(md: MarkdownIt): void {
  md.core.ruler.push('kramdown_attributes', (state: StateCore) => {
    state.tokens.forEach((token, index) => {
      if (token.type === 'html_block') {
        // Raw HTML blocks swallow a trailing `{: .x}` line as text; remove it.
        token.content = token.content.replace(ATTRIBUTE_LIST, '');
      } else if (token.type === 'inline' && token.children !== null) {
        applyInline(state, index);
      }
    });
    return true;
  });
}

function applyInline(state: StateCore, inlineIndex: number): void {
  const inline = state.tokens[inlineIndex];
  const children = inline?.children;
  if (!inline || !children || !children.some((child) => child.type === 'text' && child.content.includes('{:'))) {
    return;
  }
  const output: Token[] = [];
  children.forEach((child, childIndex) => {
    if (child.type !== 'text' || !child.content.includes('{:')) {
      output.push(child);
      return;
    }
    const content = child.content;
    let cursor = 0;
    for (const match of content.matchAll(ATTRIBUTE_LIST)) {
      const start = match.index;
      const before = content.slice(cursor, start);
      if (before !== '') {
        output.push(textToken(state, child, before));
      }
      cursor = start + match[0].length;
      const after = content.slice(cursor);
      const fillsLine = before.trim() === '' && after.trim() === '' && isLineEnd(children[childIndex + 1]);
      const target = chooseTarget(state, inlineIndex, output, before, fillsLine);
      if (target !== null) {
        applyAttributes(target, parseAttributeList(match[1] ?? ''));
      }
    }
    const rest = content.slice(cursor);
    if (rest !== '') {
      output.push(textToken(state, child, rest));
    }
  });
  inline.children = trimBreaks(output);
  if (inline.children.length === 0) {
    hideParagraph(state.tokens, inlineIndex);
  }
}

function chooseTarget(
  state: StateCore,
  inlineIndex: number,
  output: Token[],
  before: string,
  fillsLine: boolean,
): Token | null {
  const previous = output.at(-1);
  if (before === '' && previous !== undefined) {
    const opener = SPAN_CLOSERS.get(previous.type);
    if (opener !== undefined) {
      return findOpener(output, output.length - 1, opener);
    }
    if (previous.type === 'image' || previous.type === 'code_inline') {
      return previous;
    }
  }
  if (!fillsLine) {
    return null;
  }
  const enclosing = state.tokens[inlineIndex - 1] ?? null;
  if (previous === undefined) {
    // First line of a paragraph: kramdown attaches it to the block above
    // (`### Title` then `{: .margin-top-2}`).
    return previousBlock(state.tokens, inlineIndex - 1) ?? enclosing;
  }
  if (previous.type === 'softbreak' || previous.type === 'hardbreak') {
    output.pop();
    return enclosing;
  }
  return null;
}

function findOpener(tokens: readonly Token[], closeIndex: number, openerType: string): Token | null {
  const closerType = tokens[closeIndex]?.type;
  let depth = 0;
  for (let index = closeIndex - 1; index >= 0; index -= 1) {
    const token = tokens[index];
    if (token?.type === closerType) {
      depth += 1;
    } else if (token?.type === openerType) {
      if (depth === 0) {
        return token;
      }
      depth -= 1;
    }
  }
  return null;
}

/** The opening token of the block just before `openIndex`, if it can carry attributes. */
function previousBlock(tokens: readonly Token[], openIndex: number): Token | null {
  const before = tokens[openIndex - 1];
  if (before === undefined || before.nesting === 1) {
    return null;
  }
  if (before.nesting === 0) {
    return before.type === 'fence' || before.type === 'code_block' || before.type === 'hr' ? before : null;
  }
  let depth = 0;
  for (let index = openIndex - 2; index >= 0; index -= 1) {
    const token = tokens[index];
    if (token?.nesting === -1) {
      depth += 1;
    } else if (token?.nesting === 1) {
      if (depth === 0) {
        return token;
      }
      depth -= 1;
    }
  }
  return null;
}

function isLineEnd(next: Token | undefined): boolean {
  return next === undefined || next.type === 'softbreak' || next.type === 'hardbreak';
}

function trimBreaks(tokens: Token[]): Token[] {
  const isBlank = (token: Token | undefined): boolean =>
    token !== undefined &&
    (token.type === 'softbreak' || token.type === 'hardbreak' || (token.type === 'text' && token.content.trim() === ''));
  let start = 0;
  let end = tokens.length;
  while (start < end && isBlank(tokens[start])) start += 1;
  while (end > start && isBlank(tokens[end - 1])) end -= 1;
  return tokens.slice(start, end);
}

function hideParagraph(tokens: readonly Token[], inlineIndex: number): void {
  const open = tokens[inlineIndex - 1];
  const close = tokens[inlineIndex + 1];
  if (open?.type === 'paragraph_open' && close?.type === 'paragraph_close') {
    open.hidden = true;
    close.hidden = true;
  }
}

function textToken(state: StateCore, source: Token, content: string): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = source.level;
  return token;
}

function applyAttributes(target: Token, attributes: readonly Attribute[]): void {
  for (const [name, value] of attributes) {
    if (name !== 'class') {
      target.attrSet(name, value);
    } else if (!(target.attrGet('class') ?? '').split(' ').includes(value)) {
      target.attrJoin('class', value);
    }
  }
}

function parseAttributeList(list: string): Attribute[] {
  const attributes: Attribute[] = [];
  for (const match of list.matchAll(ATTRIBUTE)) {
    const [, className, id, name, doubleQuoted, singleQuoted, bare] = match;
    if (className !== undefined) {
      attributes.push(['class', className]);
    } else if (id !== undefined) {
      attributes.push(['id', id]);
    } else if (name !== undefined) {
      attributes.push([name.toLowerCase(), doubleQuoted ?? singleQuoted ?? bare ?? '']);
    }
  }
  return attributes;
}
