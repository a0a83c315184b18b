import { distinctOrganizations } from './bench-queries.js';
import type { LoadResult } from './measure.js';
import type { ScenarioResult } from './run-scenario.js';

export interface Check {
  readonly label: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface BenchResults {
  readonly dataset: ScenarioResult;
  readonly commitments: ScenarioResult;
  readonly aliased: ScenarioResult;
  readonly aliasedDistinctDatasets: number;
  readonly throughput: LoadResult & { readonly clients: number; readonly upstreamCalls: number };
}

const allEqual = (values: readonly number[], expected: number): boolean => values.every((value) => value === expected);

/** Upstream call-count invariants and answer correctness: any failure makes the run exit non-zero. */
export function invariants(results: BenchResults): Check[] {
  const { dataset, commitments, aliased, throughput } = results;
  const organizations = distinctOrganizations(aliased.firstData);
  // The publisher's name comes embedded in each dataset answer: no second call.
  const expectedAliased = results.aliasedDistinctDatasets;
  const problems = [dataset, commitments, aliased].flatMap((result) => result.problems);
  return [
    ...[dataset, commitments, aliased].map((result) => ({
      label: `${result.name}: warm upstream calls = 0`,
      ok: result.warm.upstreamCalls === 0,
      detail: `${result.warm.upstreamCalls} over ${result.warm.count} requests`,
    })),
    ...[dataset, commitments].map((result) => ({
      label: `${result.name}: cold upstream calls the same for every fresh gateway`,
      ok: allEqual(result.cold.upstreamCalls, result.cold.upstreamCalls[0] ?? -1),
      detail: result.cold.upstreamCalls.join(', '),
    })),
    {
      label: `${aliased.name}: cold upstream calls = distinct datasets (organizations read from the dataset answers)`,
      ok: organizations > 0 && allEqual(aliased.cold.upstreamCalls, expectedAliased),
      detail: `${aliased.cold.upstreamCalls.join(', ')} for ${results.aliasedDistinctDatasets} datasets of ${organizations} organizations`,
    },
    {
      label: `throughput: upstream calls = 0 and every answer good`,
      ok: throughput.upstreamCalls === 0 && throughput.failures === 0,
      detail: `${throughput.upstreamCalls} calls, ${throughput.failures} bad answers over ${throughput.requests} requests`,
    },
    {
      label: 'every answer HTTP 200 with the expected data and no GraphQL errors',
      ok: problems.length === 0,
      detail: problems.length === 0 ? 'all good' : problems.join(' | '),
    },
  ];
}

/** Latency targets on this machine: printed for reading, never a reason to fail (timings vary by machine). */
export function targets(results: BenchResults): Check[] {
  const within = (label: string, value: number, limit: number): Check => ({
    label: `${label} < ${limit} ms`,
    ok: value < limit,
    detail: `${value.toFixed(1)} ms`,
  });
  return [
    within(`${results.dataset.name}: warm p95`, results.dataset.warm.p95, 20),
    within(`${results.commitments.name}: warm p95`, results.commitments.warm.p95, 100),
    within(`${results.aliased.name}: warm p95`, results.aliased.warm.p95, 50),
    within(`${results.dataset.name}: cold median`, results.dataset.cold.medianMs, 200),
  ];
}
