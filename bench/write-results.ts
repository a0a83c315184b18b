import { mkdir, writeFile } from 'node:fs/promises';
import type { WarmBenchResult, WarmRow } from './warm-scenarios.js';

/** What the warm bench aims at; a missed target is written as such, never hidden. */
export const WARM_TARGETS = Object.freeze({
  /** Warm GET and warm POST (same document again), each against plain node:http sending the same bytes. */
  shareOfPlain: 0.5,
  p99Ms: 5,
  /** A document never seen, against the same gateway with its fast paths off (plain yoga + Pothos), also sent unseen documents. */
  uncachedPostOverBaseline: 1.5,
  peakRssMb: 200,
});

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const percent = (value: number): string => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '-');

function find(rows: readonly WarmRow[], scenario: string, variant: WarmRow['variant']): WarmRow | undefined {
  return rows.find((row) => row.scenario === scenario && row.variant === variant);
}

export interface WarmTarget {
  readonly ok: boolean;
  readonly label: string;
}

/** Each target, per scenario where it applies. */
export function warmTargets(result: WarmBenchResult): WarmTarget[] {
  const targets: WarmTarget[] = [];
  for (const scenario of [...new Set(result.rows.map((row) => row.scenario))]) {
    const plain = find(result.rows, scenario, 'plain node:http');
    const get = find(result.rows, scenario, 'GET');
    const revalidated = find(result.rows, scenario, 'GET 304');
    const post = find(result.rows, scenario, 'POST');
    const uncached = find(result.rows, scenario, 'uncached POST');
    const baselineUncached = find(result.rows, scenario, 'baseline uncached POST');
    for (const [name, row] of [['GET', get], ['POST', post]] as const) {
      if (row === undefined) continue;
      targets.push({
        ok: row.ratioToPlain >= WARM_TARGETS.shareOfPlain,
        label: `${scenario}: warm ${name} ${percent(row.ratioToPlain)} of plain node:http (target ≥ ${percent(WARM_TARGETS.shareOfPlain)})`,
      });
      targets.push({
        ok: row.p99Ms <= WARM_TARGETS.p99Ms,
        label: `${scenario}: warm ${name} p99 ${row.p99Ms} ms (target ≤ ${WARM_TARGETS.p99Ms} ms; plain node:http's own p99 ${plain?.p99Ms ?? '-'} ms)`,
      });
    }
    if (get && revalidated) {
      targets.push({
        ok: revalidated.perSecond >= get.perSecond,
        label: `${scenario}: 304 revalidation ${fixed(revalidated.perSecond)} req/s vs GET ${fixed(get.perSecond)} req/s (target: cheaper)`,
      });
    }
    if (uncached && baselineUncached) {
      const ratio = uncached.perSecond / baselineUncached.perSecond;
      targets.push({
        ok: ratio >= WARM_TARGETS.uncachedPostOverBaseline,
        label:
          `${scenario}: warm uncached POST ${fixed(uncached.perSecond)} req/s, ${fixed(ratio, 2)}× plain yoga + Pothos ` +
          `(${fixed(baselineUncached.perSecond)} req/s; target ≥ ${WARM_TARGETS.uncachedPostOverBaseline}×)`,
      });
    }
  }
  const unexpected = result.rows.reduce((sum, row) => sum + row.unexpected, 0);
  targets.push({ ok: unexpected === 0, label: `answers with an unexpected status or a socket error: ${unexpected}` });
  targets.push({ ok: result.upstreamCallsUnderLoad === 0, label: `upstream calls during the warm fast-path runs: ${result.upstreamCallsUnderLoad} (target 0)` });
  targets.push({
    ok: result.peakRssMb <= WARM_TARGETS.peakRssMb,
    label: `peak RSS of the gateway process with the fast paths: ${fixed(result.peakRssMb)} MB (target ≤ ${WARM_TARGETS.peakRssMb} MB; baseline's ${fixed(result.baselinePeakRssMb)} MB)`,
  });
  return targets;
}

/** The warm results as Markdown: one row per scenario and variant, then the targets, met or missed. */
export function formatWarmMarkdown(result: WarmBenchResult, notes: readonly string[] = []): string {
  const header = '| scenario | variant | req/s | p50 ms | p99 ms | vs plain | bytes |';
  const rule = '| --- | --- | ---: | ---: | ---: | ---: | ---: |';
  const rows = result.rows.map(
    (row) =>
      `| ${row.scenario} | ${row.variant} | ${fixed(row.perSecond)} | ${fixed(row.p50Ms, 1)} | ${fixed(row.p99Ms, 1)} | ${percent(row.ratioToPlain)} | ${row.bytes} |`,
  );
  const targets = warmTargets(result).map((target) => `- ${target.ok ? 'met' : '**missed**'}: ${target.label}`);
  const clustered = result.rows.filter((row) => row.variant.endsWith('2 processes'));
  const clusterNotes =
    clustered.length === 0
      ? []
      : [
          `With WEB_CONCURRENCY=2 (${clustered[0]?.scenario}): ` +
            clustered
              .map((row) => {
                const single = find(result.rows, row.scenario, row.variant.startsWith('GET') ? 'GET' : 'POST');
                return `${row.variant} ${fixed(row.perSecond)} req/s against ${fixed(single?.perSecond ?? Number.NaN)} with one process`;
              })
              .join('; ') +
            `; upstream calls during those runs: ${result.clusterUpstreamCalls} (each process fills its own cache). ` +
            `The load generator needs a core of the ${result.cores} too.`,
        ];
  const allNotes = [...clusterNotes, ...notes];
  return [
    '# Warm reads against the plain node:http limit',
    '',
    `${result.cores} cores, Node ${result.node}, ${result.connections} connections, ${result.durationSeconds} s per run, ` +
      `best of ${result.rounds} round${result.rounds > 1 ? 's' : ''} per variant, loopback; ` +
      'load from autocannon in a child process; each gateway in its own process, the plain server and the data.gouv.fr emulation in the bench\'s; ' +
      'per scenario the variants run one after the other, in the order shown.',
    '',
    '`GET` and `POST` are the gateway with its fast paths, sent the same read again and again; `GET 304` sends the answer\'s ETag in If-None-Match; ' +
      '`uncached POST` sends, at every request, the same read under a document never seen before (one alias renamed each time), so the response cache misses and yoga parses, validates and executes; ' +
      '`baseline` is the same gateway with `fastPaths: false` (plain yoga + Pothos); `plain node:http` sends the same bytes for every request. ' +
      'Gateways run the compiled dist/ under the V8 flags of `npm start`.',
    '',
    header,
    rule,
    ...rows,
    '',
    '## Targets',
    '',
    ...targets,
    ...(allNotes.length > 0 ? ['', '## Notes', '', ...allNotes.map((note) => `- ${note}`)] : []),
    '',
  ].join('\n');
}

export async function writeWarmResults(markdown: string, file: URL = new URL('./results/latest.md', import.meta.url)): Promise<void> {
  await mkdir(new URL('./', file), { recursive: true });
  await writeFile(file, markdown);
}
