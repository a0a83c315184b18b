import { BadUserInputError } from '../../errors/gateway-error.js';

/** Hosts data.gouv.fr serves its files from. */
export const DATAGOUV_FILE_HOSTS: readonly string[] = Object.freeze(['static.data.gouv.fr', 'www.data.gouv.fr']);

const MAX_URL_LENGTH = 2_000;

/**
 * The hosts `fetchResourceText` may read from, and that its redirects may
 * lead to: data.gouv.fr's file hosts, the configured API host (the loopback
 * mock in MOCK mode) and any extra host configured.
 */
export function createResourceHostSet(apiBaseUrl: string, extraHosts: readonly string[] = []): ReadonlySet<string> {
  return new Set([...DATAGOUV_FILE_HOSTS, new URL(apiBaseUrl).host, ...extraHosts]);
}

/**
 * Refuses, before any network call, a URL that is not a file on an allowed
 * data.gouv.fr host: the gateway must not become a proxy to arbitrary hosts.
 * Plain http is accepted only for the configured API host when it is itself
 * http (the loopback mock).
 */
export function assertResourceUrl(value: unknown, allowedHosts: ReadonlySet<string>, apiBaseUrl: string): URL {
  if (typeof value !== 'string' || value === '' || value.length > MAX_URL_LENGTH) {
    throw new BadUserInputError(`resource url must be a non-empty URL of at most ${MAX_URL_LENGTH} characters`, { field: 'url' });
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BadUserInputError('resource url is not a valid absolute URL', { field: 'url' });
  }
  const api = new URL(apiBaseUrl);
  const protocolOk = url.protocol === 'https:' || (url.protocol === 'http:' && api.protocol === 'http:' && url.host === api.host);
  if (!protocolOk || url.username !== '' || url.password !== '' || !allowedHosts.has(url.host)) {
    // The list of allowed hosts includes the API root's, which is the deployment's business.
    throw new BadUserInputError('resource url must point to a data.gouv.fr file host', { field: 'url' });
  }
  url.hash = '';
  return url;
}
