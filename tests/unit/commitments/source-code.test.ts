import { describe, expect, it } from 'vitest';
import { assignRepositories, rankRepositoryClaims } from '../../../src/commitments/assign-repositories.js';
import { describeVerdict } from '../../../src/commitments/describe-verdict.js';
import { parsePlannedPeriod } from '../../../src/commitments/parse-planned-period.js';
import { parseRepositoryUrl } from '../../../src/commitments/parse-repository-url.js';
import { RESOLUTION_THRESHOLD } from '../../../src/commitments/rank-claims.js';
import { resolveSourceCodeStatus } from '../../../src/commitments/resolve-source-code-status.js';
import { scoreRepository } from '../../../src/commitments/score-repository.js';
import type { SourceCodeLookup } from '../../../src/commitments/source-code-lookup.js';
import { toPromisedNames } from '../../../src/commitments/source-code-names.js';
import type { Repository } from '../../../src/upstream/codegouv/model.js';
import { makeCommitment } from './builders.js';

/** The founding release's FranceConnect item: T4 2021, deadline 2021-12-31. */
const FRANCECONNECT = makeCommitment({
  key: 'c004', title: 'Code source de FranceConnect', kind: 'SOURCE_CODE', producer: 'DINUM', plannedQuarter: 'T4 2021',
  horizon: parsePlannedPeriod('2021 et 2022'),
});
const NOW = new Date('2026-11-29T10:00:00+01:00');

function repository(fullName: string, overrides: Partial<Repository> = {}): Repository {
  const [owner = '', ...rest] = fullName.split('/');
  const platform = overrides.platform ?? 'github.com';
  return {
    fullName, owner, ownerUrl: `https://${platform}/${owner}`, name: rest[rest.length - 1] ?? fullName, platform, host: 'GitHub',
    description: null, archived: false, fork: false, updatedAt: null, createdAt: null, pushedAt: null, license: null, language: null,
    htmlUrl: `https://${platform}/${fullName}`, detailed: false, source: 'MOCK',
    fetchedAt: '2026-11-29T09:00:00.000Z', stale: false, revalidating: false, ...overrides,
  };
}

const SOURCES = repository('france-connect/sources', {
  description: 'FranceConnect : code source de la plateforme d’identification', createdAt: '2021-11-05T09:12:44.000+00:00', detailed: true,
});
const EXAMPLE = repository('france-connect/service-provider-example', { description: 'Exemple de fournisseur de service pour tester FranceConnect' });
const FORK = repository('atelier/franceconnect', { description: 'Copie de travail du code source de FranceConnect', fork: true });
const PLUGIN = repository('ville-exemple/franceconnect', { description: 'Module Drupal de connexion avec FranceConnect' });
const KIT = repository('territoires/franceconnect-kit', { description: 'Kit d’intégration de FranceConnect pour les communes' });

function fetched(overrides: Partial<Extract<SourceCodeLookup, { kind: 'FETCHED' }>> = {}): Extract<SourceCodeLookup, { kind: 'FETCHED' }> {
  return {
    kind: 'FETCHED', linked: [], accounts: [], found: [], remembered: null, inventorySize: 12,
    searches: [{ catalogue: 'REPOSITORIES', query: 'france connect', total: 0, examined: 0 }],
    fetchedAt: '2026-11-29T09:00:00.000Z', stale: false, ...overrides,
  };
}

describe('reading forge URLs from a record', () => {
  it('tells repositories from accounts, GitLab groups and deeper pages included', () => {
    expect(parseRepositoryUrl('https://github.com/france-connect/sources.git/')).toMatchObject({ kind: 'REPOSITORY', fullName: 'france-connect/sources', owner: 'france-connect' });
    expect(parseRepositoryUrl('https://github.com/france-connect')).toMatchObject({ kind: 'ACCOUNT', owner: 'france-connect' });
    expect(parseRepositoryUrl('https://gitlab.com/groups/drees_code')).toMatchObject({ kind: 'ACCOUNT', owner: 'drees_code' });
    expect(parseRepositoryUrl('https://gitlab.com/drees_code/public/etudes/er/-/tree/main')).toMatchObject({ kind: 'REPOSITORY', fullName: 'drees_code/public/etudes/er' });
    expect(parseRepositoryUrl('https://github.com/')).toBeNull();
    expect(parseRepositoryUrl('ftp://example.org/a/b')).toBeNull();
  });

  it('keeps what names the promise and drops the words that only say "source code"', () => {
    expect(toPromisedNames(FRANCECONNECT)).toEqual(['france connect']);
    expect(toPromisedNames(makeCommitment({ title: 'Opale (modèle de prévisions macroéconomiques)', kind: 'SOURCE_CODE' }))).toEqual(['opale']);
  });
});

describe('scoring a repository against a source-code commitment', () => {
  it('resolves the repository named after the promise in the account named after it', () => {
    const { score, evidence } = scoreRepository(FRANCECONNECT, SOURCES);
    expect(score).toBeGreaterThanOrEqual(0.8);
    expect(evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['TITLE_MATCH', 'ACCOUNT_MATCH', 'DESCRIPTION_MATCH']));
  });

  it('scores look-alikes below the threshold: an example of the right account, a fork, a plugin and a kit of the same name', () => {
    for (const lookAlike of [EXAMPLE, FORK, PLUGIN, KIT]) {
      const { score, evidence } = scoreRepository(FRANCECONNECT, lookAlike);
      expect(score, lookAlike.fullName).toBeLessThan(RESOLUTION_THRESHOLD);
      expect(score, lookAlike.fullName).toBeLessThan(scoreRepository(FRANCECONNECT, SOURCES).score);
      expect(evidence.some((e) => e.kind === 'LOOK_ALIKE' || e.kind === 'FORK'), lookAlike.fullName).toBe(true);
    }
    expect(scoreRepository(FRANCECONNECT, FORK).evidence.map((e) => e.kind)).toContain('FORK');
  });

  it('does not resolve on a name alone: a third party’s exact name needs its account or description to agree', () => {
    const bare = repository('someone-else/franceconnect');
    expect(scoreRepository(FRANCECONNECT, bare).score).toBeLessThan(RESOLUTION_THRESHOLD);
  });

  it('puts the record’s own repository URL first, and scores other accounts down when the record names one', () => {
    const withUrl = makeCommitment({ ...FRANCECONNECT, hints: { repositoryUrl: 'https://github.com/France-Connect/sources.git' } });
    expect(scoreRepository(withUrl, SOURCES)).toMatchObject({ score: 1, evidence: [expect.objectContaining({ kind: 'IDENTIFIER_MATCH' })] });
    const withAccount = makeCommitment({ ...FRANCECONNECT, hints: { identifiers: ['https://github.com/france-connect'] } });
    const thirdParty = repository('someone-else/franceconnect', { description: 'Code source de FranceConnect' });
    const scored = scoreRepository(withAccount, thirdParty);
    expect(scored.evidence.map((e) => e.kind)).toContain('ACCOUNT_MISMATCH');
    expect(scored.score).toBeLessThan(RESOLUTION_THRESHOLD);
  });
});

describe('one repository, one commitment', () => {
  it('gives a repository to the stronger claim and the other commitment its conflict', () => {
    const twin = makeCommitment({ ...FRANCECONNECT, key: 'c099', title: 'FranceConnect' });
    const lookup = fetched({ found: [SOURCES] });
    const claims = new Map([
      ['c004', rankRepositoryClaims(FRANCECONNECT, lookup)],
      ['c099', rankRepositoryClaims(twin, lookup).map((claim) => ({ ...claim, score: claim.score - 0.1 }))],
    ]);
    const assignment = assignRepositories(claims);
    expect(assignment.get('c004')?.chosen?.repository.fullName).toBe('france-connect/sources');
    expect(assignment.get('c099')?.chosen).toBeNull();
    expect(assignment.get('c099')?.conflicts[0]?.kind).toBe('CLAIM_CONFLICT');
    expect(assignment.get('c099')?.others[0]?.claimedBy).toBe('c004');
  });
});

describe('judging a source-code commitment', () => {
  it('found by search: on time, dated by the repository’s creation as an upper bound', () => {
    const status = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [SOURCES, EXAMPLE, PLUGIN] }) });
    expect(status).toMatchObject({
      state: 'PUBLISHED_ON_TIME',
      repository: { fullName: 'france-connect/sources' },
      firstPublication: { source: 'REPOSITORY_CREATED', day: '2021-11-05', exact: false, url: 'https://github.com/france-connect/sources' },
      checkedAt: '2026-11-29T09:00:00.000Z',
    });
    expect(status.candidates.map((c) => c.repository?.fullName)).toEqual(expect.arrayContaining(['france-connect/service-provider-example', 'ville-exemple/franceconnect']));
    expect(status.evidence.find((e) => e.kind === 'FIRST_PUBLICATION')?.detail).toContain('dépôt créé le 2021-11-05');
    expect(describeVerdict(FRANCECONNECT, status)).toBe('Promis pour le T4 2021, dépôt créé le 5 novembre 2021 : dans les délais');
  });

  it('found by the record’s identifier, even under another name', () => {
    const commitment = makeCommitment({ ...FRANCECONNECT, hints: { repositoryUrl: 'https://github.com/france-connect/sources' } });
    const status = resolveSourceCodeStatus({ commitment, now: NOW, lookup: fetched({ linked: [{ url: 'https://github.com/france-connect/sources', repository: SOURCES }] }) });
    expect(status).toMatchObject({ state: 'PUBLISHED_ON_TIME', confidence: 1, repositoryUrl: 'https://github.com/france-connect/sources' });
    expect(status.evidence[0]?.kind).toBe('IDENTIFIER_MATCH');
  });

  it('a creation after the deadline does not prove lateness: PUBLISHED, with the reason', () => {
    const late = { ...SOURCES, createdAt: '2022-03-01T10:00:00.000+00:00' };
    const status = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [late] }) });
    expect(status).toMatchObject({ state: 'PUBLISHED', daysLate: null });
    expect(status.evidence.map((e) => e.kind)).toContain('REPOSITORY_DATE_ONLY');
    expect(describeVerdict(FRANCECONNECT, status)).toContain('retard impossible à établir');
  });

  it('a sourced earlier date in the record wins over the creation', () => {
    const commitment = makeCommitment({ ...FRANCECONNECT, firstListed: [{ on: '2021-10-01', where: 'code.gouv.fr', source: 'https://example.org/commit' }] });
    const status = resolveSourceCodeStatus({ commitment, now: NOW, lookup: fetched({ found: [SOURCES] }) });
    expect(status.firstPublication).toMatchObject({ source: 'RECORD', day: '2021-10-01', exact: true });
  });

  it('an archived repository is still published', () => {
    const status = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [{ ...SOURCES, archived: true }] }) });
    expect(status.state).toBe('PUBLISHED_ON_TIME');
    expect(status.evidence.map((e) => e.kind)).toContain('ARCHIVED');
  });

  it('not found after the deadline: OVERDUE, the searches and near misses as evidence', () => {
    const status = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [EXAMPLE, PLUGIN] }) });
    expect(status).toMatchObject({ state: 'OVERDUE', daysOverdue: 1794, repository: null });
    const kinds = status.evidence.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['BELOW_THRESHOLD', 'SEARCH_MADE', 'NEAR_MISS', 'DEADLINE']));
    expect(status.evidence.find((e) => e.kind === 'SEARCH_MADE')?.detail).toContain('inventaire de code.gouv.fr');
    expect(describeVerdict(FRANCECONNECT, status)).toBe('Promis pour le T4 2021, introuvable sur code.gouv.fr : 1\u00a0794 jours après l\'échéance');
  });

  it('not found before the deadline: PENDING', () => {
    const status = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: new Date('2021-06-01T10:00:00Z'), lookup: fetched() });
    expect(status.state).toBe('PENDING');
  });

  it('a repository seen before and gone from the inventory and the API: WITHDRAWN', () => {
    const previous = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [SOURCES] }) });
    const status = resolveSourceCodeStatus({
      commitment: FRANCECONNECT, now: NOW, previous,
      lookup: fetched({ remembered: { url: SOURCES.htmlUrl, repository: null } }),
    });
    expect(status).toMatchObject({ state: 'WITHDRAWN', repository: { fullName: 'france-connect/sources' } });
    expect(status.evidence.map((e) => e.kind)).toContain('GONE');
    expect(describeVerdict(FRANCECONNECT, status)).toBe('Promis pour le T4 2021, dépôt créé le 5 novembre 2021 puis disparu de code.gouv.fr');
  });

  it('an unreadable inventory is never OVERDUE: UNCHECKED_SOURCE_CODE saying why, or the last verdict kept stale', () => {
    const down: SourceCodeLookup = { kind: 'INVENTORY_FAILED', error: { code: 'UPSTREAM_UNAVAILABLE', message: 'code.gouv.fr answered 503' } };
    const first = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: down });
    expect(first).toMatchObject({ state: 'UNCHECKED_SOURCE_CODE', checkedAt: null, daysOverdue: null });
    expect(first.evidence[0]).toMatchObject({ kind: 'UPSTREAM_FAILURE' });
    expect(describeVerdict(FRANCECONNECT, first)).toContain("l'inventaire de code.gouv.fr n'a pas pu être lu");

    const previous = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: fetched({ found: [SOURCES] }) });
    const kept = resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: down, previous });
    expect(kept).toMatchObject({ state: 'PUBLISHED_ON_TIME', stale: true });
    expect(kept.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['STALE_EVIDENCE', 'UPSTREAM_FAILURE']));
  });

  it('an HTML 404 from a wrong base URL says the upstream is unusable, not that the code is missing', () => {
    const status = resolveSourceCodeStatus({
      commitment: FRANCECONNECT, now: NOW,
      lookup: { kind: 'INVENTORY_FAILED', error: { code: 'UPSTREAM_BAD_PAYLOAD', message: 'a 404 that is not code.gouv.fr’s JSON error' } },
    });
    expect(status.state).toBe('UNCHECKED_SOURCE_CODE');
    expect(status.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['UPSTREAM_FAILURE', 'UPSTREAM_UNUSABLE']));
  });

  it('a failing repository read keeps the last verdict or says UNVERIFIABLE', () => {
    const failed: SourceCodeLookup = { kind: 'UPSTREAM_FAILED', error: { code: 'UPSTREAM_TIMEOUT', message: 'x' } };
    expect(resolveSourceCodeStatus({ commitment: FRANCECONNECT, now: NOW, lookup: failed }).state).toBe('UNVERIFIABLE');
  });
});
