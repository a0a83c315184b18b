import { toRepositoryKey } from '../commitments/assign-repositories.js';
import type { Commitment, SearchMade } from '../commitments/model.js';
import { RESOLUTION_THRESHOLD } from '../commitments/rank-claims.js';
import { scoreRepository, toRepositoryTargets } from '../commitments/score-repository.js';
import type { AccountRead, RepositoryRead, SourceCodeLookup } from '../commitments/source-code-lookup.js';
import { toPromisedNames } from '../commitments/source-code-names.js';
import { isGatewayError } from '../errors/gateway-error.js';
import type { Repository, RepositoryInventory } from '../upstream/codegouv/model.js';
import { toEcosystemHost } from '../upstream/codegouv/routes.js';
import type { CodegouvLoaders } from '../loaders/create-codegouv-loaders.js';

/** Inventory hits scored per commitment and promised name; the repository sought sits in the first few. */
export const REPOSITORY_SEARCH_HITS = 10;

export interface SourceCodeLookupDependencies {
  /** Absent when no code.gouv.fr client was configured. */
  readonly loaders?: CodegouvLoaders;
  /** The repository of the last verdict, if any, to re-read even when no search brings it back. */
  readonly remembered?: Repository | null;
}

/**
 * Gathers code.gouv.fr's evidence for one source-code commitment (the I/O
 * half; the judgement is pure, in `commitments/`):
 * - the inventory, read first: without it nothing can be concluded;
 * - the repositories and accounts the record names (repository URL,
 *   identifiers), read from the API;
 * - the inventory searched for each promised name;
 * - the best candidate (and the repository of the last verdict) read in full
 *   for its creation date;
 * - the repository of the last verdict, re-read when nothing else brought it
 *   back: gone from the inventory and answering the API's own 404, it is
 *   withdrawn.
 * A failing upstream becomes an INVENTORY_FAILED or UPSTREAM_FAILED lookup,
 * never an exception.
 */
export async function fetchSourceCodeLookup(commitment: Commitment, deps: SourceCodeLookupDependencies): Promise<SourceCodeLookup> {
  const loaders = deps.loaders;
  if (!loaders) return { kind: 'NOT_CONFIGURED' };
  let inventory: RepositoryInventory;
  try {
    inventory = await loaders.inventory();
  } catch (error) {
    if (isGatewayError(error)) return { kind: 'INVENTORY_FAILED', error: { code: error.code, message: error.message } };
    throw error;
  }
  try {
    const targets = toRepositoryTargets(commitment);
    const read = (repository: { readonly platform: string; readonly fullName: string }): Promise<Repository | null> =>
      loaders.repository.load({ host: toEcosystemHost(repository.platform), fullName: repository.fullName });

    const linked: RepositoryRead[] = await Promise.all(
      targets.flatMap((target) => (target.kind === 'REPOSITORY' ? [target] : [])).map(async (target) => ({
        url: target.url,
        repository: (await read(target)) ?? inventory.byUrl(target.url),
      })),
    );

    const accountReads = await Promise.all(
      targets.flatMap((target) => (target.kind === 'ACCOUNT' ? [target] : [])).map(async (target) => {
        const page = await loaders.ownerRepositories.load({ host: toEcosystemHost(target.platform), owner: target.owner });
        const repositories = page?.items ?? inventory.byOwner(target.platform, target.owner);
        const account: AccountRead = { url: target.url, owner: target.owner, examined: page === null && repositories.length === 0 ? null : repositories.length };
        return { account, repositories };
      }),
    );

    const searches: SearchMade[] = [];
    const hits: Repository[] = [];
    for (const name of toPromisedNames(commitment)) {
      const result = inventory.search(name, REPOSITORY_SEARCH_HITS);
      searches.push({ catalogue: 'REPOSITORIES', query: name, total: result.total, examined: result.hits.length });
      hits.push(...result.hits.map((hit) => hit.repository));
    }
    const candidates = unique([...accountReads.flatMap((entry) => entry.repositories), ...hits]);

    const remembered = deps.remembered ?? null;
    const rememberedKey = remembered === null ? null : toRepositoryKey(remembered);
    const best = candidates
      .map((repository) => ({ repository, score: scoreRepository(commitment, repository).score }))
      .filter((entry) => entry.score >= RESOLUTION_THRESHOLD)
      .reduce<{ repository: Repository; score: number } | null>((top, entry) => (top === null || entry.score > top.score ? entry : top), null);
    // Inventory rows carry no creation date: the repositories that may be chosen are read in full.
    const toDetail = new Set([best?.repository, ...candidates.filter((r) => toRepositoryKey(r) === rememberedKey)].filter((r): r is Repository => r !== undefined && !r.detailed));
    const found = await Promise.all(candidates.map(async (repository) => (toDetail.has(repository) ? (await read(repository)) ?? repository : repository)));

    const seen = new Set([...linked.flatMap((entry) => (entry.repository ? [toRepositoryKey(entry.repository)] : [])), ...found.map(toRepositoryKey)]);
    let rememberedRead: RepositoryRead | null = null;
    if (remembered !== null && rememberedKey !== null && !seen.has(rememberedKey)) {
      // Still listed by the inventory means still published, whatever the API says today.
      rememberedRead = { url: remembered.htmlUrl, repository: (await read(remembered)) ?? inventory.byUrl(remembered.htmlUrl) };
    }

    const stale = inventory.stale || [...linked.map((entry) => entry.repository), ...found, rememberedRead?.repository].some((r) => r?.stale === true);
    return {
      kind: 'FETCHED',
      linked,
      accounts: accountReads.map((entry) => entry.account),
      found,
      remembered: rememberedRead,
      searches,
      inventorySize: inventory.size,
      fetchedAt: inventory.fetchedAt,
      stale,
    };
  } catch (error) {
    if (isGatewayError(error)) return { kind: 'UPSTREAM_FAILED', error: { code: error.code, message: error.message } };
    throw error;
  }
}

function unique(repositories: readonly Repository[]): Repository[] {
  return [...new Map(repositories.map((repository) => [toRepositoryKey(repository), repository])).values()];
}
