import { normaliseText } from './normalise-tokens.js';
import { parseDelimitedText } from './parse-delimited-text.js';
import type { RecordError } from './record-error.js';
import { toCanonicalMinistry } from './to-canonical-ministry.js';

/**
 * One producing body and the ministry it answered to in 2021 (its ministry of
 * tutelle, or the ministry whose budget carries it), with the sources that
 * say so.
 */
export interface ProducerMinistry {
  /** The producer's usual name ("DILA"). */
  readonly producer: string;
  /** Other names records use for it ("Direction de l’information légale et administrative"). */
  readonly aliases: readonly string[];
  /** The ministry's canonical name (see `toCanonicalMinistry`). */
  readonly ministry: string;
  /** URLs backing the attribution, the most direct first; never empty. */
  readonly sources: readonly string[];
  /** What the sources say, including any caveat (a joint tutelle...). */
  readonly note: string | null;
}

export interface ProducerMinistries {
  readonly rows: readonly ProducerMinistry[];
  /**
   * Rows that could not be read. Never a whole-file reason: a broken table
   * leaves ministries underived, it does not make the records unusable.
   */
  readonly errors: readonly RecordError[];
}

const COLUMNS = ['producer', 'aliases', 'ministry', 'sources', 'note'] as const;
const URL = /^https?:\/\/\S+$/i;

function split(cell: string | undefined): string[] {
  return (cell ?? '').split('|').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Parses the producer → ministry table (CSV with the columns `producer`,
 * `aliases`, `ministry`, `sources`, `note`; lists separated by `|`; `#` lines
 * are comments). A row without a producer, a ministry or an http(s) source is
 * reported and skipped; a repeated name (producer or alias) is reported and
 * the later row skipped, so that a producer maps to one ministry only.
 *
 * @param fileName used in errors only.
 */
export function parseProducerMinistries(text: string, fileName: string): ProducerMinistries {
  const table = parseDelimitedText(text);
  const errors: RecordError[] = table.problems.map((p) => ({
    path: fileName, reason: 'INVALID_CSV', message: `unreadable row skipped: ${p.message}`, line: p.line, field: null, row: null,
  }));
  const missing = COLUMNS.filter((column) => column !== 'note' && column !== 'aliases' && !table.headers.includes(column));
  if (missing.length > 0) {
    errors.push({
      path: fileName, reason: 'INVALID_CSV', message: `the producer table needs the columns ${COLUMNS.join(', ')}; missing: ${missing.join(', ')}`,
      line: 1, field: null, row: null,
    });
    return { rows: [], errors };
  }
  const rows: ProducerMinistry[] = [];
  const seen = new Map<string, string>();
  for (const row of table.rows) {
    const producer = row.cells['producer']?.trim() ?? '';
    const ministry = row.cells['ministry']?.trim() ?? '';
    const sources = split(row.cells['sources']);
    const aliases = split(row.cells['aliases']);
    const note = row.cells['note']?.trim() || null;
    const fail = (field: string, reason: 'MISSING_FIELD' | 'INVALID_FIELD', message: string): void => {
      errors.push({ path: fileName, reason, message, line: row.line, field, row: row.row });
    };
    if (producer === '') { fail('producer', 'MISSING_FIELD', 'a row needs the producer it is about'); continue; }
    if (ministry === '') { fail('ministry', 'MISSING_FIELD', `${producer}: no ministry given`); continue; }
    if (sources.length === 0) { fail('sources', 'MISSING_FIELD', `${producer}: an attribution needs the URL of its source`); continue; }
    const notUrl = sources.find((source) => !URL.test(source));
    if (notUrl !== undefined) { fail('sources', 'INVALID_FIELD', `${producer}: "${notUrl}" is not an http(s) URL`); continue; }
    const clash = [producer, ...aliases].find((name) => seen.has(normaliseText(name)));
    if (clash !== undefined) {
      fail('producer', 'INVALID_FIELD', `${producer}: the name "${clash}" is already given to ${seen.get(normaliseText(clash))}; this row is ignored`);
      continue;
    }
    for (const name of [producer, ...aliases]) seen.set(normaliseText(name), producer);
    rows.push({ producer, aliases, ministry: toCanonicalMinistry(ministry) ?? ministry, sources, note });
  }
  return { rows, errors };
}
