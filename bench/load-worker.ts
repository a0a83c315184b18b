/**
 * One bounded autocannon run, in its own process so the load generator does
 * not share an event loop with the servers it measures. Reads its settings as
 * JSON in argv[2]; prints the summary as one JSON line.
 */
import autocannon from 'autocannon';

export interface LoadSettings {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
  /**
   * Replaced in the body, at every request, by a name no request of any run
   * used before: each document is one the gateway has never seen.
   */
  readonly uniqueMark?: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadSummary {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statusCounts: Record<string, number>;
  readonly errors: number;
  readonly timeouts: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as LoadSettings;
// The process id and start time keep names apart between runs too (a second round must not repeat the first's).
const runName = `u${process.pid.toString(36)}${Date.now().toString(36)}`;
let sent = 0;
const uniqueBody = (mark: string, body: string): string => body.replaceAll(mark, `${runName}_${(sent += 1).toString(36)}`);
const result = await autocannon({
  url: settings.url,
  method: settings.method,
  headers: settings.headers,
  ...(settings.body !== undefined ? { body: settings.body } : {}),
  ...(settings.uniqueMark !== undefined && settings.body !== undefined
    ? {
        requests: [
          {
            setupRequest: (request: autocannon.Request) => ({ ...request, body: uniqueBody(settings.uniqueMark as string, settings.body as string) }),
          },
        ],
      }
    : {}),
  connections: settings.connections,
  duration: settings.durationSeconds,
  timeout: 10,
});
const statusCounts: Record<string, number> = {};
for (const [key, value] of Object.entries(result.statusCodeStats ?? {})) statusCounts[key] = (value as { count: number }).count;
const summary: LoadSummary = {
  requests: result.requests.total,
  perSecond: result.requests.total / (result.duration || settings.durationSeconds),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  statusCounts,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
