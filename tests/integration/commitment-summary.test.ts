import { afterEach, describe, expect, it } from 'vitest';
import { useTestGateways } from '../helpers/create-test-gateway.js';

const gateway = useTestGateways(afterEach);

describe('CommitmentStatus.summary', () => {
  it('states each verdict in one French sentence consistent with its numbers', async () => {
    const t = await gateway();
    const body = await t.query<{ commitments: { edges: { node: { key: string; status: { state: string; summary: string; daysOverdue: number | null } } }[] } }>(
      '{ commitments(first: 100) { edges { node { key status { state summary daysOverdue } } } } }',
    );
    expect(body.errors).toBeUndefined();
    const byKey = new Map(body.data!.commitments.edges.map((e) => [e.node.key, e.node.status]));
    expect(byKey.get('c015')?.summary).toBe("Promis pour le T3 2021, introuvable sur data.gouv.fr : 1\u00a0886 jours après l'échéance");
    expect(byKey.get('c006')?.summary).toBe("Déjà publié le 15 mars 2021, avant l'annonce du 29 avril 2021");
    for (const status of byKey.values()) {
      if (status.state === 'OVERDUE') {
        expect(status.summary).toContain(`${new Intl.NumberFormat('fr-FR').format(status.daysOverdue!).replace('\u202f', '\u00a0')} jours après l'échéance`);
      }
    }
  });
});
