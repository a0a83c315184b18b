import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestGateways, type TestGateway } from '../helpers/create-test-gateway.js';

/**
 * Source-code commitments judged end to end: the shipped records (and a few
 * written here) against the code.gouv.fr emulation, served in-process to the
 * real undici client, through GraphQL.
 */
const gateway = useTestGateways(afterEach);

const STATUS = `
  key
  status {
    state daysOverdue checkedAt stale confidence summary
    firstPublication { day source exact url }
    evidence { kind detail url }
    searches { catalogue query total examined }
    repository { fullName url createdAt archived fork detailed source }
    candidates { score origin repository { fullName } evidence { kind } }
  }`;

interface Status {
  key: string;
  status: {
    state: string;
    daysOverdue: number | null;
    checkedAt: string | null;
    stale: boolean;
    confidence: number;
    summary: string;
    firstPublication: { day: string; source: string; exact: boolean; url: string | null } | null;
    evidence: { kind: string; detail: string; url: string | null }[];
    searches: { catalogue: string; query: string; total: number; examined: number }[];
    repository: { fullName: string; url: string; createdAt: string | null; archived: boolean | null; fork: boolean | null; detailed: boolean; source: string } | null;
    candidates: { score: number; origin: string; repository: { fullName: string } | null; evidence: { kind: string }[] }[];
  };
}

async function sourceCode(t: TestGateway): Promise<Record<string, Status['status']>> {
  const body = await t.query<{ commitments: { edges: { node: Status }[] } }>(`{ commitments(filter: { kind: SOURCE_CODE }, first: 20) { edges { node { ${STATUS} } } } }`);
  expect(body.errors).toBeUndefined();
  return Object.fromEntries(body.data!.commitments.edges.map((edge) => [edge.node.key, edge.node.status]));
}

const kinds = (status: Status['status']): string[] => status.evidence.map((e) => e.kind);

/** A commitments file of source-code records written for one test. */
function commitmentsFile(records: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'source-code-'));
  const file = join(dir, 'commitments.yaml');
  writeFileSync(file, records);
  return file;
}

const RECORD = (key: string, title: string, extra: string): string =>
  `- key: ${key}\n  title: "${title}"\n  kind: SOURCE_CODE\n  plannedQuarter: "T4 2021"\n  announcedOn: 2021-04-29\n  membership: CONFIRMED_PRIMARY\n  sources: []\n${extra}`;

describe('source code checked against code.gouv.fr', () => {
  it('finds FranceConnect’s repository by search, dated by its creation, with the look-alikes as candidates', async () => {
    const t = await gateway();
    const c004 = (await sourceCode(t))['c004']!;
    expect(c004).toMatchObject({
      state: 'PUBLISHED_ON_TIME',
      repository: { fullName: 'france-connect/sources', createdAt: '2021-11-05T09:12:44.000+00:00', detailed: true, source: 'MOCK' },
      firstPublication: { day: '2021-11-05', source: 'REPOSITORY_CREATED', exact: false, url: 'https://github.com/france-connect/sources' },
      summary: 'Promis pour le T4 2021, dépôt créé le 5 novembre 2021 : dans les délais',
    });
    const candidates = c004.candidates.map((c) => c.repository?.fullName);
    expect(candidates).toEqual(expect.arrayContaining(['france-connect/service-provider-example', 'ville-exemple/franceconnect', 'atelier-numerique-demo/franceconnect']));
    expect(c004.candidates.every((c) => c.score < 0.55)).toBe(true);
    expect(c004.candidates.find((c) => c.repository?.fullName === 'atelier-numerique-demo/franceconnect')?.evidence.map((e) => e.kind)).toContain('FORK');
    expect(c004.searches).toEqual([expect.objectContaining({ catalogue: 'REPOSITORIES', query: 'france connect' })]);
  });

  it('counts an archived repository as published, and does not call a creation after the deadline late', async () => {
    const statuses = await sourceCode(await gateway());
    expect(statuses['c009']).toMatchObject({ state: 'PUBLISHED_ON_TIME', repository: { fullName: 'drees-demo/modeles/livia', archived: true } });
    expect(kinds(statuses['c009']!)).toContain('ARCHIVED');
    expect(statuses['c007']).toMatchObject({ state: 'PUBLISHED', repository: { fullName: 'education-nationale-demo/affelnet-lycee' } });
    expect(kinds(statuses['c007']!)).toContain('REPOSITORY_DATE_ONLY');
  });

  it('says OVERDUE for a repository found nowhere, with the searches made as evidence', async () => {
    const c008 = (await sourceCode(await gateway()))['c008']!;
    expect(c008).toMatchObject({ state: 'OVERDUE', repository: null });
    expect(c008.daysOverdue).toBeGreaterThan(1_000);
    const searched = c008.evidence.filter((e) => e.kind === 'SEARCH_MADE');
    expect(searched.length).toBeGreaterThan(0);
    // The account the record names is looked up, then the promised name searched.
    expect(searched.map((e) => e.detail)).toContainEqual(expect.stringMatching(/recherche « autonomix » parmi les \d+ dépôts de l’inventaire de code\.gouv\.fr/));
    expect(c008.summary).toMatch(/introuvable sur code\.gouv\.fr/);
  });

  it('finds a repository by the record’s identifier whatever its name, and scores another account down when the record names one', async () => {
    const file = commitmentsFile([
      RECORD('s001', 'Annuaire', '  repositoryUrl: "https://github.com/dinum-demo/annuaire-des-services"\n'),
      RECORD('s002', 'Code source de FranceConnect', '  identifiers:\n    - "https://github.com/france-connect"\n'),
    ].join('\n'));
    const statuses = await sourceCode(await gateway({ commitmentsFile: file }));
    expect(statuses['s001']).toMatchObject({ state: 'PUBLISHED_BEFORE_ANNOUNCEMENT', confidence: 1, repository: { fullName: 'dinum-demo/annuaire-des-services' } });
    expect(kinds(statuses['s001']!)).toContain('IDENTIFIER_MATCH');
    // The record names the account: the repository of the same name elsewhere is someone else's.
    const s002 = statuses['s002']!;
    expect(s002.repository?.fullName).toBe('france-connect/sources');
    expect(kinds(s002)).toContain('ACCOUNT_MATCH');
    expect(s002.candidates.find((c) => c.repository?.fullName === 'ville-exemple/franceconnect')?.evidence.map((e) => e.kind)).toContain('ACCOUNT_MISMATCH');
  });

  it('says WITHDRAWN when a repository seen before leaves the inventory and the API answers its own 404', async () => {
    const t = await gateway({
      // No cache and no shared verdicts: the second evaluation reads again.
      client: { cache: { ttlMs: 0 } },
      codegouvClient: { inventoryCache: { ttlMs: 0 }, repositoryCache: { ttlMs: 0 } },
    });
    expect((await sourceCode(t))['c004']?.state).toBe('PUBLISHED_ON_TIME');
    t.codegouv!.control.deleteRepository('france-connect/sources');
    const c004 = (await sourceCode(t))['c004']!;
    expect(c004).toMatchObject({ state: 'WITHDRAWN', repository: { fullName: 'france-connect/sources' } });
    expect(c004.evidence.find((e) => e.kind === 'GONE')?.detail).toContain('a quitté l’inventaire de code.gouv.fr');
    expect(c004.summary).toBe('Promis pour le T4 2021, dépôt créé le 5 novembre 2021 puis disparu de code.gouv.fr');
  });

  it('never says OVERDUE when the inventory cannot be read: UNCHECKED_SOURCE_CODE saying why, data.gouv.fr verdicts untouched', async () => {
    const t = await gateway({ codegouv: { mode: 'inventory-down' } });
    const statuses = await sourceCode(t);
    expect(Object.keys(statuses)).toHaveLength(8);
    for (const status of Object.values(statuses)) {
      expect(status.state).toBe('UNCHECKED_SOURCE_CODE');
      expect(status.checkedAt).toBeNull();
      expect(kinds(status)).toContain('UPSTREAM_FAILURE');
      expect(status.summary).toContain("l'inventaire de code.gouv.fr n'a pas pu être lu");
    }
    const c001 = await t.query<{ commitment: { status: { state: string } } }>('{ commitment(key: "c001") { status { state } } }');
    expect(c001.data?.commitment.status.state).toBe('PUBLISHED_ON_TIME');
  });

  it('keeps the last verdict, flagged stale, when the inventory fails later', async () => {
    const t = await gateway({
      client: { cache: { ttlMs: 0 } },
      codegouvClient: { inventoryCache: { ttlMs: 0 }, repositoryCache: { ttlMs: 0 }, retries: 0 },
    });
    expect((await sourceCode(t))['c004']?.state).toBe('PUBLISHED_ON_TIME');
    t.codegouv!.control.setMode('inventory-down');
    const c004 = (await sourceCode(t))['c004']!;
    expect(c004).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: true, repository: { fullName: 'france-connect/sources' } });
    expect(kinds(c004)).toEqual(expect.arrayContaining(['STALE_EVIDENCE', 'UPSTREAM_FAILURE']));
    expect((await sourceCode(t))['c008']?.state).toBe('OVERDUE');
  });

  it('judges again once the inventory is back: a verdict met with a code.gouv.fr failure is not reused', async () => {
    // A breaker that stays closed: this is about reuse, not about the breaker's pause.
    const t = await gateway({ codegouv: { mode: 'inventory-down' }, codegouvClient: { breaker: { failureThreshold: 100 } } });
    expect((await sourceCode(t))['c004']?.state).toBe('UNCHECKED_SOURCE_CODE');
    const failures = await t.query<{ upstreamStatus: { requestFailures: { message: string }[] } }>('{ commitment(key: "c004") { status { state } } upstreamStatus { requestFailures { message } } }');
    expect(failures.data?.upstreamStatus.requestFailures.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringContaining('code.gouv.fr')]));
    t.codegouv!.control.setMode('normal');
    expect((await sourceCode(t))['c004']?.state).toBe('PUBLISHED_ON_TIME');
  });

  it('reads an HTML 404 from a wrong base URL as an unusable upstream, not as missing code', async () => {
    const t = await gateway({ codegouv: { mode: 'html-404' } });
    for (const status of Object.values(await sourceCode(t))) {
      expect(status.state).toBe('UNCHECKED_SOURCE_CODE');
      expect(kinds(status)).toEqual(expect.arrayContaining(['UPSTREAM_FAILURE', 'UPSTREAM_UNUSABLE']));
    }
  });

  it('downloads the inventory once and reads each repository once, then answers from cache', async () => {
    const t = await gateway();
    await sourceCode(t);
    const calls = t.codegouv!.calls();
    expect(calls.filter((call) => call.url.endsWith('/codegouvfr-repositories.json'))).toHaveLength(1);
    expect(new Set(calls.map((call) => call.url)).size).toBe(calls.length);
    t.codegouv!.resetCalls();
    await sourceCode(t);
    expect(t.codegouv!.calls()).toEqual([]);
  });

  it('leaves source code UNCHECKED_SOURCE_CODE when no code.gouv.fr client is configured', async () => {
    const statuses = await sourceCode(await gateway({ codegouv: false }));
    expect(Object.values(statuses).every((status) => status.state === 'UNCHECKED_SOURCE_CODE')).toBe(true);
  });
});
