import { BadUserInputError } from '../../errors/gateway-error.js';

/**
 * Checks on everything a caller puts in a code.gouv.fr URL, run before any
 * network call: a refused value never reaches the upstream.
 */

// Forge host names as the API spells them (`GitHub`, `gitlab.adullact.net`).
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,99})$/;
// One account or repository name segment on GitHub or GitLab.
const SEGMENT = /^[A-Za-z0-9_.-]{1,100}$/;
/** GitLab nests groups (`group/sub/project`); deeper than this is not a repository name. */
const MAX_SEGMENTS = 8;

export function assertHost(value: unknown): string {
  if (typeof value !== 'string' || !HOST.test(value) || value.includes('..')) {
    throw new BadUserInputError('host must be a forge name such as GitHub or gitlab.com', { field: 'host' });
  }
  return value;
}

export function assertOwner(value: unknown): string {
  if (typeof value !== 'string' || !SEGMENT.test(value) || value === '.' || value === '..') {
    throw new BadUserInputError('owner must be an account login (letters, digits, "-", "_", ".")', { field: 'owner' });
  }
  return value;
}

/** `owner/name`, with nested groups allowed; refuses traversal and empty segments. */
export function assertFullName(value: unknown): string {
  const segments = typeof value === 'string' ? value.split('/') : [];
  const valid = segments.length >= 2 && segments.length <= MAX_SEGMENTS && segments.every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
  if (!valid) throw new BadUserInputError('fullName must be owner/name (letters, digits, "-", "_", ".")', { field: 'fullName' });
  return value as string;
}

/** Largest page of an account's repositories asked for. */
export const MAX_REPOSITORY_PAGE_SIZE = 100;

export function assertRepositoryPage(request: { readonly page?: number; readonly pageSize?: number }): { page: number; pageSize: number } {
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? MAX_REPOSITORY_PAGE_SIZE;
  if (!Number.isInteger(page) || page < 1 || page > 1_000) throw new BadUserInputError('page must be an integer between 1 and 1000', { field: 'page' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_REPOSITORY_PAGE_SIZE) {
    throw new BadUserInputError(`pageSize must be an integer between 1 and ${MAX_REPOSITORY_PAGE_SIZE}`, { field: 'pageSize' });
  }
  return { page, pageSize };
}
