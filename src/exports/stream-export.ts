import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportColumn, ExportValue } from './export-column.js';
import type { CsvFormat } from './parse-export-query.js';

export interface StreamExportOptions<Row> {
  readonly columns: readonly ExportColumn<Row>[];
  /** Pulled one at a time as the client reads: a slow client holds back the producer instead of filling memory. */
  readonly rows: Iterable<Row> | AsyncIterable<Row>;
  /** Without extension; the date and extension are added (`engagements-2026-11-29.csv`). */
  readonly baseName: string;
  /** `YYYY-MM-DD` for the file name. */
  readonly day: string;
  /** Extra response headers (provenance). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Writes rows as CSV: UTF-8 with a byte-order mark (so spreadsheet programs
 * read accents right), RFC 4180 quoting and CRLF line ends, a header row,
 * streamed with backpressure.
 */
export async function streamCsv<Row>(response: ServerResponse, format: CsvFormat, options: StreamExportOptions<Row>): Promise<void> {
  response.writeHead(200, {
    'content-type': `text/csv; charset=utf-8; header=present`,
    'content-disposition': `attachment; filename="${options.baseName}-${options.day}.csv"`,
    'cache-control': 'no-store',
    ...options.headers,
  });
  const { columns } = options;
  const toCell = (value: ExportValue) => toCsvCell(value, format);
  const records = Readable.from(mapRows(options.rows, (row) => columns.map((column) => toCell(column.value(row)))));
  const csv = stringify({
    bom: true,
    delimiter: format.delimiter,
    record_delimiter: 'windows',
    header: true,
    columns: columns.map((column) => (format.headers === 'fr' ? column.title : column.key)),
  });
  await pipeline(records, csv, response);
}

/** Writes `{ ...meta, items: [...] }` with the columns' field names, streamed item by item. */
export async function streamJson<Row>(
  response: ServerResponse,
  meta: Readonly<Record<string, unknown>>,
  options: StreamExportOptions<Row>,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${options.baseName}-${options.day}.json"`,
    'cache-control': 'no-store',
    ...options.headers,
  });
  const { columns } = options;
  async function* chunks(): AsyncGenerator<string> {
    const head = JSON.stringify(meta);
    yield `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"items":[`;
    let first = true;
    for await (const row of options.rows) {
      const item = Object.fromEntries(columns.map((column) => [column.key, column.value(row)]));
      yield `${first ? '' : ','}\n${JSON.stringify(item)}`;
      first = false;
    }
    yield '\n]}\n';
  }
  await pipeline(Readable.from(chunks()), response);
}

async function* mapRows<Row, T>(rows: Iterable<Row> | AsyncIterable<Row>, map: (row: Row) => T): AsyncGenerator<T> {
  for await (const row of rows) yield map(row);
}

function toCsvCell(value: ExportValue, format: CsvFormat): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return format.headers === 'fr' ? (value ? 'oui' : 'non') : String(value);
  // With `;` the file is meant for a spreadsheet set to French, which reads `0,8` as a number and `0.8` as text.
  if (typeof value === 'number') return format.delimiter === ';' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'string') return value;
  return value.join(' ');
}
