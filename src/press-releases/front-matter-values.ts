/**
 * Guards that narrow untrusted front-matter values. Optional fields are read
 * leniently: a value of the wrong shape counts as absent rather than sinking
 * the whole record.
 */

/** A scalar as trimmed text, or null when absent, blank or not a scalar. */
export function toOptionalText(value: unknown): string | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return null;
}

/**
 * A string or a list of strings (both occur for `tags`, `categories`, `tel`) as
 * a list: trimmed, blanks dropped, exact duplicates dropped, order kept.
 */
export function toTextList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const texts: string[] = [];
  for (const item of items) {
    const text = toOptionalText(item);
    if (text !== null && !texts.includes(text)) {
      texts.push(text);
    }
  }
  return texts;
}

/** A list of mappings, skipping entries that are not mappings. */
export function toRecordList(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(isPlainRecord);
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Jekyll's `published: false`. Jekyll reads YAML 1.1, where `no` and `off` are
 * also false, so those spellings count too.
 */
export function isUnpublished(value: unknown): boolean {
  if (value === false) {
    return true;
  }
  return typeof value === 'string' && ['false', 'no', 'off'].includes(value.trim().toLowerCase());
}
