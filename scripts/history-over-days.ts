/**
 * `npx tsx scripts/history-over-days.ts`: records evaluation runs over a few
 * emulated days while the emulated catalogue changes between them (a licence
 * changed, a file added, a dataset deleted, another re-created under a new
 * id), then prints what the store of record says: the runs, the changes and
 * one commitment's history. Everything comes from the data.gouv.fr emulation
 * (demo data) and a fake clock; nothing reaches the network.
 */
import { createRecordingGateway } from '../tests/helpers/create-recording-gateway.js';

const C002 = 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques';
const C003 = 'agriculture-biologique-surfaces-et-operateurs-a-la-maille-communale';
const C006 = 'effectifs-deleves-par-niveau-et-langues-vivantes-dans-les-ecoles-et-colleges';

const gateway = await createRecordingGateway({ startAt: '2027-03-01T09:00:00+01:00', client: { cache: { ttlMs: 0 } } });
const days: readonly [string, string, () => void][] = [
  ['2027-03-01T09:00:00+01:00', 'first run', () => undefined],
  ['2027-03-02T09:00:00+01:00', 'nothing changed', () => undefined],
  ['2027-03-03T09:00:00+01:00', 'c003: licence changed and a file added', () =>
    gateway.control.editDataset(C003, (payload) => ({
      ...payload,
      license: 'odc-odbl',
      resources: [
        ...(payload['resources'] as object[]),
        { ...(payload['resources'] as Record<string, unknown>[])[0], id: '11111111-2222-3333-4444-555555555555', title: 'surfaces-bio-2026.csv', url: 'https://static.data.gouv.fr/resources/bio/surfaces-bio-2026.csv' },
      ],
    }))],
  ['2027-03-04T09:00:00+01:00', 'c002: dataset deleted', () => gateway.control.deleteObject('dataset', C002)],
  ['2027-03-05T09:00:00+01:00', 'c006: dataset re-created under a new id and slug', () =>
    gateway.control.recreateDataset(C006, { id: '6750aaaaaaaaaaaaaaaaaaaa', slug: `${C006}-1` })],
];

try {
  for (const [at, what, change] of days) {
    gateway.setNow(at);
    change();
    const outcome = await gateway.evaluator.runOnce();
    const run = outcome.kind === 'RECORDED' ? outcome.run : null;
    process.stdout.write(`${at.slice(0, 10)}  ${what.padEnd(50)} run ${run?.id ?? '-'}: ${run?.observationsWritten ?? 0} observations, ${run?.changesWritten ?? 0} changes written\n`);
  }
  const answer = await gateway.query<{
    changes: { edges: { node: { at: string; kind: string; commitmentKey: string; sentence: string } }[] };
    commitment: { history: { edges: { node: { day: string; state: string; sentence: string } }[] } };
  }>(`{
    changes(since: "2027-01-01T00:00:00Z", first: 50) { edges { node { at kind commitmentKey sentence } } }
    commitment(key: "c002") { history { edges { node { day state sentence } } } }
  }`);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  process.stdout.write('\nchanges(since: "2027-01-01"), newest first:\n');
  for (const { node } of answer.data?.changes.edges ?? []) process.stdout.write(`  ${node.at.slice(0, 10)} ${node.commitmentKey} ${node.kind.padEnd(16)} ${node.sentence}\n`);
  process.stdout.write('\ncommitment(key: "c002") { history }:\n');
  for (const { node } of answer.data?.commitment.history.edges ?? []) process.stdout.write(`  ${node.day} ${node.state.padEnd(18)} ${node.sentence}\n`);
} finally {
  await gateway.close();
}
