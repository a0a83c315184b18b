import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryUnavailableError } from '../../src/errors/gateway-error.js';
import type { StoreAccess } from '../../src/store/create-store-access.js';
import { createEvaluator } from '../../src/verdicts/create-evaluator.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';

let gateway: RecordingGateway | undefined;
afterEach(async () => gateway?.close());

/** The real store, behind a switch that makes every operation fail as a lost database would. */
function withOutage(store: StoreAccess): { access: StoreAccess; down(value: boolean): void } {
  let down = false;
  return {
    access: { ...store, use: (operation) => (down ? Promise.reject(new HistoryUnavailableError('connection refused')) : store.use(operation)) },
    down: (value) => {
      down = value;
    },
  };
}

describe('runs evaluated while the store is down', () => {
  it('wait in the queue, are written in order once it answers, and lose nothing', async () => {
    gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00', client: { cache: { ttlMs: 0 } } });
    const outage = withOutage(gateway.store);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg as string) });
    let now = new Date('2026-11-29T10:00:00+01:00');
    const evaluator = createEvaluator({
      commitments: gateway.commitments, datagouv: gateway.datagouv, verdicts: gateway.gateway.verdicts, store: outage.access,
      now: () => now, logger, evaluatorId: 'test', ...(gateway.codegouv ? { codegouv: gateway.codegouv.client } : {}),
    });
    await evaluator.runOnce();
    outage.down(true);
    now = new Date('2027-03-03T15:00:00+01:00');
    gateway.setNow(now.toISOString());
    gateway.control.deleteObject('dataset', 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques');
    expect(await evaluator.runOnce()).toEqual({ kind: 'QUEUED', queued: 1 });
    now = new Date('2027-03-04T15:00:00+01:00');
    gateway.setNow(now.toISOString());
    expect(await evaluator.runOnce()).toEqual({ kind: 'QUEUED', queued: 2 });
    expect(evaluator.stats()).toMatchObject({ queued: 2, dropped: 0, lastRun: { outcome: 'QUEUED' } });
    expect(warnings).toContain('evaluation run kept in memory until the store of record answers');
    // Requests read the queued run's verdicts meanwhile.
    const served = await gateway.query<{ commitment: { status: { state: string } } }>('{ commitment(key: "c002") { status { state } } }');
    expect(served.data?.commitment.status.state).toBe('WITHDRAWN');

    outage.down(false);
    now = new Date('2027-03-05T15:00:00+01:00');
    const written = await evaluator.runOnce();
    expect(written.kind).toBe('RECORDED');
    expect(evaluator.stats().queued).toBe(0);
    const runs = await gateway.store.use((s) => s.changes({ since: '2027-01-01T00:00:00Z', first: 10 }));
    // The withdrawal is dated by the run that saw it, not by the day the store came back.
    expect(runs.items.map((c) => [c.commitmentKey, c.after, c.at])).toEqual([['c002', 'WITHDRAWN', '2027-03-03T14:00:00.000Z']]);
  });

  it('drops the oldest waiting run past the bound, counted and logged', async () => {
    gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00' });
    const outage = withOutage(gateway.store);
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg as string) });
    const evaluator = createEvaluator({
      commitments: gateway.commitments, datagouv: gateway.datagouv, verdicts: gateway.gateway.verdicts, store: outage.access,
      now: () => new Date('2026-11-29T10:00:00+01:00'), logger, evaluatorId: 'test', queueLimit: 2,
    });
    outage.down(true);
    for (let i = 0; i < 3; i += 1) await evaluator.runOnce();
    expect(evaluator.stats()).toMatchObject({ queued: 2, dropped: 1 });
    expect(warnings).toContain('store of record unavailable too long: the oldest unwritten evaluation run was dropped');
  });
});

describe('/metrics', () => {
  it('reports the store, the last run and the queue', async () => {
    gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00' });
    await gateway.evaluator.runOnce();
    await new Promise<void>((resolve) => gateway?.gateway.server.listen(0, '127.0.0.1', resolve));
    const address = gateway.gateway.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toMatch(/^gateway_store_available 1$/m);
      expect(text).toMatch(/^gateway_evaluation_queue_depth 0$/m);
      expect(text).toMatch(/^gateway_evaluation_last_run_outcome\{outcome="recorded",complete="true"\} 1$/m);
      expect(text).toMatch(/^gateway_evaluation_last_run_timestamp_seconds 1795942800$/m);
      expect(Number(/^gateway_store_operations_total\{outcome="ok"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    } finally {
      await gateway.gateway.shutdown();
    }
  });
});
