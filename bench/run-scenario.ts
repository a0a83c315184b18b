import type { Agent } from 'undici';
import type { MockUpstream } from '../mocks/serve-mock-upstream.js';
import { startBenchGateway, type BenchData, type BenchGateway, type GraphQLAnswer } from './bench-gateway.js';
import { sequential, summarise, timed, type LatencySummary } from './measure.js';

export interface Scenario {
  readonly name: string;
  readonly query: string;
  /** Fresh gateway + client per sample; each sample is that gateway's first request. */
  readonly coldSamples: number;
  /** Sequential requests on the last cold gateway once its cache is filled. */
  readonly warmRequests: number;
  /** What is wrong with a 200 answer's data, or null when it is as expected. */
  readonly problemWith: (data: Record<string, unknown>) => string | null;
}

export interface ScenarioResult {
  readonly name: string;
  readonly cold: { readonly samples: number; readonly medianMs: number; readonly maxMs: number; readonly upstreamCalls: readonly number[] };
  readonly warm: LatencySummary & { readonly upstreamCalls: number };
  /** Data of the first cold answer, for scenario-specific invariants. */
  readonly firstData: Record<string, unknown>;
  /** Answers that were not 200 with data and no errors, with why. */
  readonly problems: readonly string[];
}

/**
 * Cold: `coldSamples` fresh gateways (new client, new Agent, empty cache and
 * verdict memory), one request each, counting what reached the upstream.
 * Warm: `warmRequests` sequential requests on the last one, same counting.
 * The last gateway is handed back open for further load; the caller closes it.
 */
export async function runScenario(
  scenario: Scenario,
  upstream: MockUpstream,
  data: BenchData,
  client: Agent,
): Promise<{ result: ScenarioResult; gateway: BenchGateway }> {
  const problems: string[] = [];
  const inspect = (answer: GraphQLAnswer): Record<string, unknown> => {
    const problem =
      answer.status !== 200
        ? `HTTP ${answer.status}`
        : answer.body.errors !== undefined
          ? `GraphQL errors: ${answer.body.errors.map((error) => error.message).join('; ')}`
          : answer.body.data == null
            ? 'no data'
            : scenario.problemWith(answer.body.data);
    if (problem !== null && problems.length < 5) problems.push(`${scenario.name}: ${problem}`);
    return answer.body.data ?? {};
  };

  const coldMs: number[] = [];
  const coldCalls: number[] = [];
  let firstData: Record<string, unknown> = {};
  let gateway: BenchGateway | undefined;
  for (let sample = 0; sample < scenario.coldSamples; sample += 1) {
    await gateway?.close();
    gateway = await startBenchGateway(upstream.url, data);
    upstream.resetCalls();
    const current = gateway;
    const { ms, value } = await timed(() => current.post(scenario.query, client));
    coldMs.push(ms);
    coldCalls.push(upstream.calls.length);
    const answered = inspect(value);
    if (sample === 0) firstData = answered;
  }
  if (gateway === undefined) throw new RangeError(`${scenario.name}: coldSamples must be at least 1`);

  const warmGateway = gateway;
  upstream.resetCalls();
  const warmMs = await sequential(scenario.warmRequests, async () => {
    inspect(await warmGateway.post(scenario.query, client));
  });
  const cold = summarise(coldMs);
  return {
    gateway: warmGateway,
    result: {
      name: scenario.name,
      cold: { samples: coldMs.length, medianMs: cold.p50, maxMs: cold.max, upstreamCalls: coldCalls },
      warm: { ...summarise(warmMs), upstreamCalls: upstream.calls.length },
      firstData,
      problems,
    },
  };
}
