import { parseDocument, type Tags } from 'yaml';
import { isPlainRecord } from './front-matter-values.js';

/** Front matter as an untrusted mapping: every value is `unknown` until a guard narrows it. */
export type FrontMatter = Readonly<Record<string, unknown>>;

export type ParseFrontMatterResult =
  | { readonly ok: true; readonly data: FrontMatter }
  | {
      readonly ok: false;
      readonly message: string;
      /** 1-based line inside the YAML text (not the file), when the parser knows it. */
      readonly line: number | null;
    };

const NUMBER_TAGS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

// The YAML 1.2 core schema has no timestamp type, so `2021-04-29 16:38:00 +02:00`
// stays a string and keeps its offset. Numbers are dropped from it as well:
// front matter holds phone numbers such as `0171211250` and titles such as
// `2024`, which must keep their leading zeros and exact spelling.
function withoutNumberTags(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || !NUMBER_TAGS.has(tag.tag));
}

// Ruby's emitter (Psych, used by the site's CMS) ends a quoted scalar that has a
// trailing newline with the closing quote alone at column 0:
//   chapeau-text: 'Un an après ... l''intelligence artificielle.
//
//   '
// libyaml, hence Jekyll, accepts it; YAML 1.2 wants continuation lines indented,
// so the `yaml` package rejects it. A lone quote at column 0 can never start a
// valid key or value, so indenting it changes nothing else (and keeps line numbers).
const UNINDENTED_CLOSING_QUOTE = /^(['"][ \t]*)$/gm;

/** Parses YAML front matter into a plain mapping (an empty block gives `{}`). */
export function parseFrontMatter(yamlText: string): ParseFrontMatterResult {
  const document = parseDocument(yamlText.replace(UNINDENTED_CLOSING_QUOTE, '  $1'), {
    schema: 'core',
    customTags: withoutNumberTags,
    prettyErrors: true,
  });
  const [firstError] = document.errors;
  if (firstError !== undefined) {
    // The pretty message ends with a YAML-relative position and a code excerpt;
    // keep the first sentence and report the position as a separate field.
    const summary = firstError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    return { ok: false, message: summary, line: firstError.linePos?.[0]?.line ?? null };
  }
  let data: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs") in hostile files.
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error), line: null };
  }
  if (data === null || data === undefined) {
    return { ok: true, data: {} };
  }
  if (!isPlainRecord(data)) {
    return { ok: false, message: 'the front matter is not a mapping of keys to values', line: 1 };
  }
  return { ok: true, data };
}
