import type { BenchResults, Check } from './checks.js';
import type { ScenarioResult } from './run-scenario.js';

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function scenarioRow(result: ScenarioResult): string[] {
  const calls = result.cold.upstreamCalls;
  const coldCalls = calls.every((value) => value === calls[0]) ? String(calls[0] ?? '-') : calls.join('/');
  return [
    result.name,
    ms(result.cold.medianMs),
    ms(result.cold.maxMs),
    coldCalls,
    String(result.warm.count),
    ms(result.warm.p50),
    ms(result.warm.p95),
    ms(result.warm.max),
    String(result.warm.upstreamCalls),
  ];
}

function checkLines(title: string, checks: readonly Check[], missed: string): string {
  return [title, ...checks.map((check) => `  ${check.ok ? 'ok    ' : `${missed.padEnd(6)}`}${check.label} (${check.detail})`)].join('\n');
}

export function formatReport(
  results: BenchResults,
  checks: { readonly invariants: readonly Check[]; readonly targets: readonly Check[] },
  environment: string,
): string {
  const { throughput } = results;
  const cold = results.dataset.cold.samples;
  return [
    `Gateway bench over loopback sockets (${environment})`,
    '',
    table(
      ['query', `cold med ms`, `cold max ms`, 'cold calls', 'warm n', 'warm p50 ms', 'warm p95 ms', 'warm max ms', 'warm calls'],
      [scenarioRow(results.dataset), scenarioRow(results.commitments), scenarioRow(results.aliased)],
    ),
    `cold: ${cold} fresh gateways per query (new client, empty cache), first request of each; calls = requests that reached the emulated data.gouv.fr`,
    '',
    table(
      ['throughput (warm dataset query)', 'clients', 'requests', 'seconds', 'req/s', 'p50 ms', 'p95 ms', 'max ms', 'bad', 'upstream calls'],
      [
        [
          results.dataset.name,
          String(throughput.clients),
          String(throughput.requests),
          (throughput.elapsedMs / 1000).toFixed(2),
          throughput.perSecond.toFixed(0),
          ms(throughput.latency.p50),
          ms(throughput.latency.p95),
          ms(throughput.latency.max),
          String(throughput.failures),
          String(throughput.upstreamCalls),
        ],
      ],
    ),
    '',
    checkLines('invariants (a failure exits 1)', checks.invariants, 'FAIL'),
    checkLines('targets on this machine (informational)', checks.targets, 'missed'),
    '',
  ].join('\n');
}
