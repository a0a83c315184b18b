/**
 * Whether data.gouv.fr answers usably, as the last commitment evaluation saw
 * it. An HTML 404 everywhere (a wrong API root, a proxy's error page), or a
 * canary that fails while objects answer 404, makes it UNUSABLE: the
 * gateway then serves earlier verdicts flagged stale and `/ready` says so.
 * Created once per gateway.
 */
export type UpstreamUsability = 'UNKNOWN' | 'USABLE' | 'UNUSABLE';

export interface UpstreamHealthReport {
  readonly state: UpstreamUsability;
  /** Why it is unusable (an error code and a short explanation); null otherwise. */
  readonly reason: string | null;
  /** When the state was last reported, ISO-8601; null before the first evaluation. */
  readonly since: string | null;
}

export interface UpstreamHealth {
  current(): UpstreamHealthReport;
  report(state: Exclude<UpstreamUsability, 'UNKNOWN'>, reason: string | null, at: Date): void;
}

export function createUpstreamHealth(): UpstreamHealth {
  let report: UpstreamHealthReport = { state: 'UNKNOWN', reason: null, since: null };
  return {
    current: () => report,
    report: (state, reason, at) => {
      if (report.state === state && report.reason === reason) return;
      report = { state, reason, since: at.toISOString() };
    },
  };
}
