import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../mocks/catalogue.js';
import { loadCommitmentRecords } from '../../src/commitments/load-commitment-records.js';
import { scoreCandidate } from '../../src/commitments/score-candidate.js';
import { toDataset } from '../../src/upstream/datagouv/map.js';
import { isDatasetPayload } from '../../src/upstream/datagouv/payload.js';
import { SHIPPED_COMMITMENTS } from '../helpers/create-test-gateway.js';

const SITADEL = '5a5f4f6c88ee387da4d252a3';
const DECOYS = ['5d95aa31eee5ddfcf53e6e6e', '5abcdf9ab92af9783bfbbaf2', '5fa3d4ee82c1068f7898faf6'];

describe('scoring the shipped "permis de construire" commitment against the emulated catalogue', () => {
  it('ranks Sitadel above the unrelated look-alikes, whatever the case and word order', async () => {
    const { commitments } = await loadCommitmentRecords(SHIPPED_COMMITMENTS);
    const permis = commitments.find((c) => c.key === 'c002')!;
    expect(permis.title).toBe('Permis de construire des personnes physiques');
    const datasets = [...loadCatalogue().datasets.byId.values()].map((entry) => {
      if (!isDatasetPayload(entry.payload)) throw new Error(`catalogue entry ${entry.source} is not a dataset payload`);
      return toDataset(entry.payload, { fetchedAt: '2026-11-29T09:00:00Z', stale: false, revalidating: false });
    });
    const scoreOf = (id: string, title = permis.title) =>
      scoreCandidate({ ...permis, title }, datasets.find((d) => d.id === id)!).score;

    for (const decoy of DECOYS) expect(scoreOf(SITADEL)).toBeGreaterThan(scoreOf(decoy));
    const reworded = 'PERMIS DE CONSTRUIRE DES PERSONNES PHYSIQUES';
    expect(scoreOf(SITADEL, reworded)).toBe(scoreOf(SITADEL));
    expect(scoreOf(SITADEL, 'Personnes physiques : permis de construire')).toBe(scoreOf(SITADEL));
  });
});
