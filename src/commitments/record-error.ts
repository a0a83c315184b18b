/**
 * A record (or a whole file) that could not be loaded, and why. Same fields as
 * the press releases' LoadError (path, reason, message, line, field) plus the
 * record's index, so one error display serves both.
 */
export interface RecordError {
  /** The file name as given to the parser. */
  readonly path: string;
  readonly reason: RecordErrorReason;
  /** Human-readable explanation, naming the offending value. */
  readonly message: string;
  /** 1-based line in the file when known (for CSV, the line where the record ends). */
  readonly line: number | null;
  /** The field concerned, in its canonical name (`plannedQuarter`), when the error is about one field. */
  readonly field: string | null;
  /** 1-based index of the record in the file (YAML list item, CSV data row); null for file-level errors. */
  readonly row: number | null;
}

export type RecordErrorReason =
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_FORMAT'
  | 'INVALID_YAML'
  | 'INVALID_CSV'
  | 'NOT_A_LIST'
  | 'NOT_A_RECORD'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'UNKNOWN_FIELD'
  | 'UNREADABLE_PERIOD'
  | 'DUPLICATE_KEY'
  /** The official tracking table's columns are none of its known sets. */
  | 'UNKNOWN_COLUMNS'
  /** A tracking-table row imported before is no longer in the table. */
  | 'VANISHED_ROW';
