/**
 * The store of record's costs, as `npm run bench` reports them:
 * - the upstream calls made by reading `history`, `changes` and `asOf` (the
 *   target is none: history is read from the store alone);
 * - the time one evaluation run takes to write 100 commitments' verdicts,
 *   observations and snapshots to SQLite (target: 50 ms or less), every one of
 *   them changed, the worst case, median and slowest of several runs.
 *
 * Standalone: `tsx bench/store.ts [--json]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../src/store/open-store.js';
import type { RunWrite } from '../src/store/verdict-store.js';
import { toObjectSnapshot } from '../src/verdicts/to-object-snapshot.js';
import { createRecordingGateway } from '../tests/helpers/create-recording-gateway.js';
import { summarise, type LatencySummary } from './measure.js';

const COMMITMENTS = 100;
const WRITE_RUNS = 20;

export interface StoreBenchResult {
  /** Upstream calls made by each history read, after the runs were recorded. */
  readonly historyReadCalls: Readonly<Record<string, number>>;
  readonly commitmentsWritten: number;
  readonly writeMs: LatencySummary;
}

const READS: Readonly<Record<string, string>> = {
  'commitment.history': '{ commitment(key: "c002") { history(first: 20) { edges { node { state sentence changes { field } verdict { summary } } } } } }',
  changes: '{ changes(since: "2020-01-01T00:00:00Z", first: 100) { totalCount edges { node { sentence commitment { title } } } } }',
  'commitments(asOf)': '{ commitments(asOf: "2026-11-28", first: 100) { edges { node { key status { state summary dataset { title } } } } } }',
  'scoreboard(asOf)': '{ scoreboard(groupBy: MINISTRY, asOf: "2026-11-28") { key total overdue } }',
};

export async function runStoreBench(): Promise<StoreBenchResult> {
  const gateway = await createRecordingGateway({ startAt: '2026-11-28T10:00:00+01:00', client: { cache: { ttlMs: 0 } } });
  try {
    await gateway.evaluator.runOnce();
    gateway.control.deleteObject('dataset', 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques');
    gateway.setNow('2026-11-29T10:00:00+01:00');
    await gateway.evaluator.runOnce();

    const historyReadCalls: Record<string, number> = {};
    for (const [name, query] of Object.entries(READS)) {
      gateway.resetUpstreamCalls();
      const body = await gateway.query(query);
      if (body.errors) throw new Error(`${name} failed: ${JSON.stringify(body.errors)}`);
      historyReadCalls[name] = gateway.upstreamCalls().length;
    }

    // 100 commitments from the 36 real verdicts, each a distinct commitment, every one changed in every run.
    const current = (await gateway.store.use((store) => store.currentVerdicts()))?.verdicts;
    if (!current) throw new Error('no recorded run');
    const verdicts = [...current.values()];
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    const store = await openStore({ dataDir });
    const times: number[] = [];
    try {
      for (let run = 0; run < WRITE_RUNS; run += 1) {
        const at = new Date(Date.UTC(2027, 0, 1 + run)).toISOString();
        const batch = Array.from({ length: COMMITMENTS }, (_, index) => {
          const verdict = verdicts[index % verdicts.length] as (typeof verdicts)[number];
          return { key: `b${String(index).padStart(3, '0')}`, verdict: { ...verdict, confidence: (run % 10) / 10 } };
        });
        const write: RunWrite = {
          startedAt: at,
          finishedAt: at,
          upstreamState: 'USABLE',
          upstreamReason: null,
          counts: {},
          complete: true,
          evaluator: 'bench',
          source: 'MOCK',
          observations: batch.map((b) => ({ commitmentKey: b.key, held: false, evidenceDigest: String(run), verdict: b.verdict })),
          snapshots: batch.flatMap((b) => {
            const snapshot = toObjectSnapshot(b.verdict);
            return snapshot ? [{ ...snapshot, id: `${snapshot.id}-${b.key}`, lastUpdate: at }] : [];
          }),
          changes: batch.map((b) => ({
            commitmentKey: b.key, kind: 'STATE_CHANGED', objectKind: null, objectId: null, subject: null, before: 'PENDING', after: b.verdict.state, sentence: `${b.key} ${run}`,
          })),
          current: batch.map((b) => ({ commitmentKey: b.key, verdict: b.verdict, remembered: b.verdict })),
        };
        const started = performance.now();
        await store.recordRun(write);
        times.push(performance.now() - started);
      }
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    return { historyReadCalls, commitmentsWritten: COMMITMENTS, writeMs: summarise(times) };
  } finally {
    await gateway.close();
  }
}

export function formatStoreBench(result: StoreBenchResult): string {
  const reads = Object.entries(result.historyReadCalls).map(([name, calls]) => `| ${name} | ${calls} |`).join('\n');
  return [
    '## Store of record',
    '',
    '| history read | upstream calls |',
    '|---|---:|',
    reads,
    '',
    `One run's writes for ${result.commitmentsWritten} commitments, all changed (observation, snapshot, change and current verdict each), SQLite, ${WRITE_RUNS} runs: ` +
      `median ${result.writeMs.p50.toFixed(1)} ms, p95 ${result.writeMs.p95.toFixed(1)} ms, max ${result.writeMs.max.toFixed(1)} ms (target ≤ 50 ms).`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runStoreBench();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result, null, 2)}\n` : formatStoreBench(result));
}
