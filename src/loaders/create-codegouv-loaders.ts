import DataLoader from 'dataloader';
import type { CodegouvClient, Repository, RepositoryInventory, RepositoryPage } from '../upstream/codegouv/model.js';

/**
 * Per-request access to code.gouv.fr: the inventory read at most once, and
 * each repository or account asked once however many commitments name it.
 * The client's process-wide cache and request coalescing take it from there.
 */
export interface CodegouvLoaders {
  readonly inventory: () => Promise<RepositoryInventory>;
  /** Null when code.gouv.fr answers its own 404. */
  readonly repository: DataLoader<{ readonly host: string; readonly fullName: string }, Repository | null, string>;
  /** The first page of an account's repositories; null when code.gouv.fr does not know the account. */
  readonly ownerRepositories: DataLoader<{ readonly host: string; readonly owner: string }, RepositoryPage | null, string>;
}

/** @param signal aborted when the HTTP request goes away: only this request's waits stop. */
export function createCodegouvLoaders(codegouv: CodegouvClient, signal?: AbortSignal): CodegouvLoaders {
  const options = signal ? { signal } : {};
  let inventory: Promise<RepositoryInventory> | undefined;
  return {
    inventory: () => (inventory ??= codegouv.getInventory(options)),
    repository: createSettledLoader(({ host, fullName }) => codegouv.getRepository(host, fullName, options)),
    ownerRepositories: createSettledLoader(({ host, owner }) => codegouv.listOwnerRepositories(host, owner, {}, options)),
  };
}

/** A loader whose batch settles each key on its own (one failing repository does not fail its neighbours); keys compared case-insensitively, as the forges do. */
function createSettledLoader<K extends object, V>(load: (key: K) => Promise<V>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const settled = await Promise.allSettled(keys.map((key) => load(key)));
      return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : outcome.reason instanceof Error ? outcome.reason : new Error(String(outcome.reason))));
    },
    { cacheKeyFn: (key) => JSON.stringify(key).toLowerCase() },
  );
}
