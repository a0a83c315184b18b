import { describe, expect, it } from 'vitest';
import { PREFIX_TITLE_CAP, scoreCandidate } from '../../../src/commitments/score-candidate.js';
import { candidateTitleReadings, findExpansion, promisedNameReadings } from '../../../src/commitments/title-readings.js';
import { makeCommitment, makeDataservice, makeDataset, makeOrganization } from './builders.js';

const titleOf = (kind: 'TITLE_MATCH' | 'ALTERNATIVE_NAME_MATCH', evidence: readonly { kind: string; detail: string }[]) =>
  evidence.find((e) => e.kind === kind)?.detail ?? '';
const similarity = (detail: string): number => Number(/similarité (\d\.\d\d)/.exec(detail)?.[1]);

describe('title readings (near misses)', () => {
  it('reads a title wrapped in a brand or service prefix as the same object', () => {
    expect(candidateTitleReadings("Hub'eau – Qualité de l'eau potable", []).map((r) => r.text)).toContain("Qualité de l'eau potable");
    const commitment = makeCommitment({ kind: 'API', title: "API Qualité de l'eau potable" });
    const { evidence } = scoreCandidate(commitment, makeDataservice({ title: "Hub'eau – Qualité de l'eau potable" }));
    const detail = titleOf('TITLE_MATCH', evidence);
    expect(similarity(detail)).toBe(1);
    expect(detail).toContain('lu sans « Hub\'eau »');
  });

  it('reads a title followed by its producer’s name as the same object, but not one followed by other words', () => {
    const commitment = makeCommitment({ title: 'Sites référencés dans Cartofriches', producer: 'Cerema' });
    const withProducer = scoreCandidate(commitment, makeDataset({ title: 'Sites référencés dans Cartofriches (Cerema)' }));
    expect(similarity(titleOf('TITLE_MATCH', withProducer.evidence))).toBe(1);
    const longer = scoreCandidate(commitment, makeDataset({ title: 'Sites référencés dans Cartofriches (Bretagne)' }));
    expect(similarity(titleOf('TITLE_MATCH', longer.evidence))).toBeLessThan(1);
    const publisher = scoreCandidate(makeCommitment({ title: 'Base des friches' }), makeDataset({
      title: 'Base des friches - Cerema',
      organization: makeOrganization({ name: 'Cerema' }),
    }));
    expect(similarity(titleOf('TITLE_MATCH', publisher.evidence))).toBe(1);
  });

  it('matches an acronym with its expansion', () => {
    expect(findExpansion('RPPS', 'Répertoire partagé des professionnels de santé')).toBe('Répertoire partagé des professionnels de santé');
    expect(findExpansion('BOAMP', 'API du Bulletin officiel des annonces des marchés publics')).toBe('Bulletin officiel des annonces des marchés publics');
    expect(findExpansion('RPPS', 'Répertoire des entreprises')).toBeNull();
    expect(promisedNameReadings('API RPPS', 'Répertoire partagé des professionnels de santé').map((r) => r.text)).toContain(
      'Répertoire partagé des professionnels de santé',
    );
    const { evidence } = scoreCandidate(makeCommitment({ kind: 'API', title: 'API RPPS' }), makeDataservice({ title: 'Répertoire partagé des professionnels de santé' }));
    const detail = titleOf('TITLE_MATCH', evidence);
    expect(similarity(detail)).toBe(1);
    expect(detail).toContain('« RPPS » lu comme « Répertoire partagé des professionnels de santé »');
  });

  it('keeps a longer title capped however it is read', () => {
    const commitment = makeCommitment({ kind: 'API', title: 'API Statut étudiant' });
    for (const title of ['API Statut étudiant boursier', 'Statut étudiant boursier', "Hub'eau – Statut étudiant boursier"]) {
      const { evidence } = scoreCandidate(commitment, makeDataservice({ title }));
      expect(similarity(titleOf('TITLE_MATCH', evidence)), title).toBeLessThanOrEqual(PREFIX_TITLE_CAP);
    }
  });
});
