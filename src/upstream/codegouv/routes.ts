/**
 * URLs of the code.gouv.fr endpoints the client calls. The URL is the cache
 * key, so each is built one way only: path segments percent-encoded (a
 * `full_name`'s slash included, which the API decodes back) and query
 * parameters in a fixed order.
 */

export interface CodegouvRoutes {
  /** Host of the inventory, e.g. `code.gouv.fr`. */
  readonly dataHost: string;
  /** Host of the per-repository API, e.g. `data.code.gouv.fr`. */
  readonly ecosystemHost: string;
  inventory(): string;
  repository(host: string, fullName: string): string;
  ownerRepositories(host: string, owner: string, query: { readonly page: number; readonly per_page: number }): string;
}

function toRoot(raw: string, what: string): URL {
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${what} must be http(s), got ${url.protocol}`);
  return url;
}

function rootOf(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * @param dataUrl where the inventory file lives, e.g. `https://code.gouv.fr/data`.
 * @param ecosystemUrl the ecosyste.ms API root, e.g. `https://data.code.gouv.fr/api/v1`.
 */
export function createCodegouvRoutes(dataUrl: string, ecosystemUrl: string): CodegouvRoutes {
  const data = toRoot(dataUrl, 'dataUrl');
  const ecosystem = toRoot(ecosystemUrl, 'ecosystemUrl');
  const dataRoot = rootOf(data);
  const ecosystemRoot = rootOf(ecosystem);
  const segment = (value: string): string => encodeURIComponent(value);
  return {
    dataHost: data.host,
    ecosystemHost: ecosystem.host,
    inventory: () => `${dataRoot}/codegouvfr-repositories.json`,
    repository: (host, fullName) => `${ecosystemRoot}/hosts/${segment(host)}/repositories/${segment(fullName)}`,
    ownerRepositories: (host, owner, query) =>
      `${ecosystemRoot}/hosts/${segment(host)}/owners/${segment(owner)}/repositories?page=${query.page}&per_page=${query.per_page}`,
  };
}

/**
 * The API's name of a forge. code.gouv.fr's ecosyste.ms instance names
 * GitHub `GitHub` and the other forges by their host name (its export turns
 * `/hosts/GitHub/owners/...` back into `github.com`, and only that one); the
 * API redirects a name in the wrong case to the right one.
 */
export function toEcosystemHost(platform: string): string {
  return platform.toLowerCase() === 'github.com' ? 'GitHub' : platform.toLowerCase();
}

/** The forge's host name behind an API host name (`GitHub` -> `github.com`). */
export function toPlatform(host: string): string {
  return host.toLowerCase() === 'github' ? 'github.com' : host.toLowerCase();
}

/**
 * The template of a called URL, for metrics labels (never the raw URL, so the
 * label values stay bounded whatever is asked).
 */
export function toCodegouvRouteTemplate(url: string): string {
  const { pathname } = new URL(url);
  if (pathname.endsWith('/codegouvfr-repositories.json')) return '/codegouvfr-repositories.json';
  if (/\/hosts\/[^/]+\/owners\/[^/]+\/repositories$/.test(pathname)) return '/hosts/:host/owners/:owner/repositories';
  if (/\/hosts\/[^/]+\/repositories\//.test(pathname)) return '/hosts/:host/repositories/:full_name';
  return 'other';
}
