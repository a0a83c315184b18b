import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Commitment } from './model.js';
import { parseDelimitedText } from './parse-delimited-text.js';
import type { ProducerMinistry } from './parse-producer-ministries.js';
import type { RecordError } from './record-error.js';
import { resolveMinistry } from './resolve-ministry.js';
import { toCommitment, toCommitmentField, type RawRecord, type RawValue } from './to-commitment.js';

export interface CommitmentRecords {
  /** Valid records, in file order; for a duplicated key, the first one. */
  readonly commitments: Commitment[];
  readonly errors: RecordError[];
}

function fileError(path: string, reason: RecordError['reason'], message: string, line: number | null = null): RecordError {
  return { path, reason, message, line, field: null, row: null };
}

function readYaml(text: string, path: string): { records: RawRecord[]; errors: RecordError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // A syntax error can shift values between records: nothing is loaded rather than something wrong.
    return {
      records: [],
      errors: doc.errors.map((e) => fileError(path, 'INVALID_YAML', e.message.split('\n')[0] ?? e.message, e.linePos?.[0]?.line ?? null)),
    };
  }
  const lineOf = (offset: number | undefined): number | null => (offset === undefined ? null : lineCounter.linePos(offset).line);
  if (doc.contents === null) return { records: [], errors: [fileError(path, 'EMPTY_FILE', 'the file holds no records')] };
  if (!isSeq(doc.contents)) {
    return { records: [], errors: [fileError(path, 'NOT_A_LIST', 'the file must be a list of records ("- key: …")', lineOf(doc.contents.range?.[0]))] };
  }
  try {
    return readYamlRecords(doc.contents.items, doc, path, lineOf);
  } catch (error) {
    // toJS refuses past MAX_YAML_ALIASES ("billion laughs"): a hostile file loads nothing.
    return { records: [], errors: [fileError(path, 'INVALID_YAML', `unusable YAML: ${error instanceof Error ? error.message : String(error)}`)] };
  }
}

/** Alias expansions allowed per value: the shipped file uses none; a few are harmless. */
const MAX_YAML_ALIASES = 100;

function readYamlRecords(
  items: readonly unknown[],
  doc: Document.Parsed,
  path: string,
  lineOf: (offset: number | undefined) => number | null,
): { records: RawRecord[]; errors: RecordError[] } {
  const records: RawRecord[] = [];
  const errors: RecordError[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    const line = isNode(item) ? lineOf(item.range?.[0]) : null;
    if (!isMap(item)) {
      errors.push({ path, reason: 'NOT_A_RECORD', message: `record ${row} is not a set of "field: value" lines`, line, field: null, row });
      return;
    }
    const values = new Map<string, RawValue>();
    for (const pair of item.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const value = isNode(pair.value) ? pair.value.toJS(doc, { maxAliasCount: MAX_YAML_ALIASES }) : pair.value;
      values.set(name, { value, line: isNode(pair.key) ? lineOf(pair.key.range?.[0]) : line });
    }
    records.push({ values, row, line });
  });
  return { records, errors };
}

function readCsv(text: string, path: string): { records: RawRecord[]; errors: RecordError[] } {
  const table = parseDelimitedText(text);
  const errors: RecordError[] = table.problems.map((p) => fileError(path, 'INVALID_CSV', `unreadable row skipped: ${p.message}`, p.line));
  if (table.headers.length === 0) return { records: [], errors: [...errors, fileError(path, 'EMPTY_FILE', 'the file holds no header')] };
  const known = table.headers.filter((header) => toCommitmentField(header) !== null);
  for (const header of table.headers) {
    if (toCommitmentField(header) === null) {
      errors.push({ path, reason: 'UNKNOWN_FIELD', message: `unknown column "${header}" ignored`, line: 1, field: header, row: null });
    }
  }
  const records: RawRecord[] = [];
  for (const row of table.rows) {
    if (row.cellCount !== table.headers.length) {
      errors.push({
        path, reason: 'INVALID_CSV', message: `row has ${row.cellCount} cells, the header has ${table.headers.length}`,
        line: row.line, field: null, row: row.row,
      });
      continue;
    }
    const values = new Map<string, RawValue>(known.map((header) => [header, { value: row.cells[header] ?? null, line: row.line }]));
    records.push({ values, row: row.row, line: row.line });
  }
  return { records, errors };
}

/**
 * Parses commitment records: YAML (`.yaml`, `.yml`: a list of records) or
 * CSV (`.csv`: same field names as headers; case, accents, BOM and `;`/`,`
 * delimiters tolerated, list fields separated by `|`).
 *
 * Each bad record is reported with its 1-based index, line and field, and the
 * others load. A repeated key is reported (DUPLICATE_KEY) and the later
 * record dropped. A YAML syntax error loads nothing (its position is reported).
 *
 * A record that names no ministry takes its producer's from `producers` (see
 * `resolveMinistry`), marked PRODUCER with the table's source.
 *
 * @param fileName used to pick the format and in errors; not read.
 * @param producers the sourced producer → ministry table; empty by default (nothing is derived).
 */
export function parseCommitmentRecords(text: string, fileName: string, producers: readonly ProducerMinistry[] = []): CommitmentRecords {
  const extension = /\.([^.\\/]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return { commitments: [], errors: [fileError(fileName, 'EMPTY_FILE', 'the file is empty')] };
  }
  let read: { records: RawRecord[]; errors: RecordError[] };
  if (extension === 'yaml' || extension === 'yml') read = readYaml(text.replace(/^\uFEFF/, ''), fileName);
  else if (extension === 'csv') read = readCsv(text, fileName);
  else return { commitments: [], errors: [fileError(fileName, 'UNSUPPORTED_FORMAT', `"${fileName}" is neither .yaml, .yml nor .csv`)] };

  const commitments: Commitment[] = [];
  const errors = [...read.errors];
  const firstRowByKey = new Map<string, number>();
  for (const record of read.records) {
    const result = toCommitment(record, fileName);
    errors.push(...result.errors);
    if (!result.commitment) continue;
    const first = firstRowByKey.get(result.commitment.key);
    if (first !== undefined) {
      errors.push({
        path: fileName, reason: 'DUPLICATE_KEY', message: `key "${result.commitment.key}" already used by record ${first}; this record is ignored`,
        line: record.values.get('key')?.line ?? record.line, field: 'key', row: record.row,
      });
      continue;
    }
    firstRowByKey.set(result.commitment.key, record.row);
    commitments.push(resolveMinistry(result.commitment, producers));
  }
  return { commitments, errors };
}
