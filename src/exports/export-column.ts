/** A value as computed, before it is written as CSV text or JSON. */
export type ExportValue = string | number | boolean | null | readonly string[];

/** One column of an export: a stable field name for programs, a French title for people. */
export interface ExportColumn<Row> {
  /** Field name in JSON and in CSV with `headers=en`. */
  readonly key: string;
  /** Column title in CSV with `headers=fr` (the default). */
  readonly title: string;
  readonly value: (row: Row) => ExportValue;
}

/** Where the data of an export comes from and when it was written: on every row, so a pasted extract keeps it. */
export interface ExportProvenance {
  /** ISO-8601 instant the export was generated. */
  readonly generatedAt: string;
  /** `LIVE` (data.gouv.fr), `MOCK` (the demo emulation) or `LOCAL` (records shipped with the gateway). */
  readonly source: string;
}
