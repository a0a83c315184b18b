import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CommitmentStatus } from '../../../src/commitments/model.js';
import { createStoreAccess, type StoreAccess } from '../../../src/store/create-store-access.js';
import { openStore } from '../../../src/store/open-store.js';
import type { RunWrite } from '../../../src/store/verdict-store.js';
import { createEvaluationScheduler, EVALUATOR_LEASE } from '../../../src/verdicts/create-evaluation-scheduler.js';
import type { Evaluator } from '../../../src/verdicts/create-evaluator.js';
import { createVerdictService } from '../../../src/verdicts/create-verdict-service.js';

const HOUR = 3_600_000;
const logger = pino({ level: 'silent' });
const VERDICT = { state: 'PENDING', stale: false } as CommitmentStatus;

async function setUp(now: () => Date, source = 'LIVE') {
  const dataDir = mkdtempSync(join(tmpdir(), 'scheduler-'));
  const store: StoreAccess = await createStoreAccess({ engine: 'sqlite', location: dataDir, open: () => openStore({ dataDir }), logger });
  const verdicts = createVerdictService({ commitments: () => [], now, upstreamNow: () => 0, recordedMaxAgeMs: 2 * HOUR });
  let runs = 0;
  const evaluator: Evaluator = {
    runOnce: async () => {
      runs += 1;
      const run = await store.use((s) => s.recordRun(write(now().toISOString(), source)));
      verdicts.adopt({ runId: run.id, finishedAt: run.finishedAt, statuses: new Map([['c001', VERDICT]]) });
      return { kind: 'RECORDED', run };
    },
    stats: () => ({ queued: 0, dropped: 0, lastRun: null }),
  };
  const scheduler = (holder: string, gatewaySource = source) =>
    createEvaluationScheduler({ evaluator, verdicts, store, intervalMs: HOUR, holder, now, logger, source: () => gatewaySource });
  return { store, verdicts, scheduler, runs: () => runs };
}

function write(at: string, source: string): RunWrite {
  return {
    startedAt: at, finishedAt: at, upstreamState: 'USABLE', upstreamReason: null, counts: {}, complete: true, evaluator: 'x', source,
    observations: [], snapshots: [], changes: [], current: [{ commitmentKey: 'c001', verdict: VERDICT, remembered: VERDICT }],
  };
}

describe('the evaluation scheduler', () => {
  it('evaluates when no run exists, then not again within 90 % of the interval', async () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const { scheduler, runs } = await setUp(() => now);
    const a = scheduler('a');
    expect(await a.tick()).toBe('EVALUATED');
    now = new Date(now.getTime() + 0.8 * HOUR);
    expect(await a.tick()).toBe('NOT_DUE');
    now = new Date(now.getTime() + 0.2 * HOUR);
    expect(await a.tick()).toBe('EVALUATED');
    expect(runs()).toBe(2);
  });

  it('leaves the run to the holder of the lease', async () => {
    const now = new Date('2026-11-29T10:00:00Z');
    const { store, scheduler, runs } = await setUp(() => now);
    await store.use((s) => s.acquireLease(EVALUATOR_LEASE, 'other-process', now, HOUR));
    expect(await scheduler('a').tick()).toBe('LEASE_HELD');
    expect(runs()).toBe(0);
  });

  it('adopts another process’s run, never one recorded from the other source', async () => {
    const now = new Date('2026-11-29T10:00:00Z');
    const demo = await setUp(() => now, 'MOCK');
    await demo.scheduler('demo').tick();
    const live = createVerdictService({ commitments: () => [], now: () => now, upstreamNow: () => 0, recordedMaxAgeMs: 2 * HOUR });
    const liveScheduler = createEvaluationScheduler({
      evaluator: { runOnce: () => Promise.reject(new Error('not here')), stats: () => ({ queued: 0, dropped: 0, lastRun: null }) },
      verdicts: live, store: demo.store, intervalMs: HOUR, holder: 'live', now: () => now, logger, source: () => 'LIVE',
    });
    expect(await liveScheduler.tick()).toBe('NOT_DUE');
    expect(live.recorded()).toBeNull();
    const sameSource = createVerdictService({ commitments: () => [], now: () => now, upstreamNow: () => 0, recordedMaxAgeMs: 2 * HOUR });
    const follower = createEvaluationScheduler({
      evaluator: { runOnce: () => Promise.reject(new Error('not here')), stats: () => ({ queued: 0, dropped: 0, lastRun: null }) },
      verdicts: sameSource, store: demo.store, intervalMs: HOUR, holder: 'b', now: () => now, logger, source: () => 'MOCK',
    });
    expect(await follower.tick()).toBe('FOLLOWED');
    expect(sameSource.recorded()?.statuses.get('c001')?.state).toBe('PENDING');
  });
});
