/** One data.gouv.fr lookup of a request (the shape the server's per-request log records). */
export interface UpstreamLookupReport {
  readonly operation: string;
  readonly target: string;
  readonly outcome: 'OK' | 'NOT_FOUND' | 'FAILED';
  readonly code: string | null;
  readonly fromCache: boolean | null;
}
