import { parse, type Options } from 'csv-parse/sync';

/** One data row of a delimited file. */
export interface DelimitedRow {
  /** Cells by normalised header (see `normaliseHeader`); missing cells are absent. */
  readonly cells: Readonly<Record<string, string>>;
  /** 1-based index among data rows. */
  readonly row: number;
  /** 1-based line where the row ends in the file. */
  readonly line: number;
  /** Number of cells found, to report rows that do not match the header. */
  readonly cellCount: number;
}

export interface DelimitedProblem {
  readonly message: string;
  readonly line: number | null;
}

export interface DelimitedText {
  /** Normalised header names, in file order. */
  readonly headers: readonly string[];
  readonly delimiter: ';' | ',' | '\t';
  readonly rows: readonly DelimitedRow[];
  /** Rows csv-parse could not read (bad quoting); the other rows are kept. */
  readonly problems: readonly DelimitedProblem[];
}

/**
 * A header reduced to lower-case letters and digits, accents folded:
 * "MINISTÈRE DE TUTELLE", "ministere_de_tutelle" and "Ministère de tutelle"
 * all become "ministeredetutelle".
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count += 1;
  }
  return count;
}

/** The delimiter of the header line: the most frequent of `;`, `,` and tab (`,` on a tie). */
function detectDelimiter(text: string): ';' | ',' | '\t' {
  const header = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#')) ?? '';
  const counts = ([',', ';', '\t'] as const).map((d) => [d, countOutsideQuotes(header, d)] as const);
  return counts.reduce((best, current) => (current[1] > best[1] ? current : best))[0];
}

/**
 * Reads a delimited text file: BOM stripped, delimiter detected, lines starting
 * with `#` skipped as comments, blank lines skipped, headers normalised.
 * A row with broken quoting is reported and skipped; the others are read.
 */
export function parseDelimitedText(text: string): DelimitedText {
  const source = text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(source);
  const problems: DelimitedProblem[] = [];
  // `on_skip` is honoured by csv-parse 5 but missing from its type definitions.
  const options: Options & { on_skip: (error: { message: string; lines?: number } | undefined) => void } = {
    delimiter,
    info: true,
    relax_column_count: true,
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error: { message: string; lines?: number } | undefined) => {
      if (error) problems.push({ message: error.message, line: typeof error.lines === 'number' ? error.lines : null });
    },
  };
  const records = parse(source, options) as { record: string[]; info: { lines: number } }[];

  const [head, ...body] = records;
  const headers = (head?.record ?? []).map(normaliseHeader);
  const rows = body.map(({ record, info }, index): DelimitedRow => {
    const cells: Record<string, string> = {};
    record.forEach((value, column) => {
      const header = headers[column];
      if (header && !(header in cells)) cells[header] = value;
    });
    return { cells, row: index + 1, line: info.lines, cellCount: record.length };
  });
  return { headers, delimiter, rows, problems };
}
