import type { Catalogue } from '../catalogue.js';

/** One incoming GET, with the mock-only `__fault` parameter already removed from `url`. */
export interface RouteRequest {
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

export type RouteResolver = (input: RouteRequest) => Response | Promise<Response>;

export interface Route {
  /** Absolute URL pattern in msw syntax (`https://www.data.gouv.fr/api/1/datasets/:idOrSlug/`). */
  readonly pattern: string;
  readonly resolve: RouteResolver;
  /**
   * For the GET of one object (dataset v1/v2, dataservice, organization): the
   * answer udata gives when that object does not exist, served for every
   * request in `objects-404` mode.
   */
  readonly notFound?: RouteResolver;
}

/** What every route needs: the data, where it is served, and the clock. */
export interface RouteContext {
  /** The catalogue as served right now (read it per request: run-time deletions replace it). */
  readonly catalogue: Catalogue;
  /** API root as clients call it, no trailing slash (`https://www.data.gouv.fr/api`). */
  readonly apiBase: string;
  /** Origin + path prefix of hosted files (`https://static.data.gouv.fr`). */
  readonly staticBase: string;
  readonly now: () => Date;
  /** JSON response with udata's headers; canonical data.gouv.fr URLs inside are moved to where the mock is served. */
  json(body: unknown, status?: number): Response;
  /** Moves one canonical URL (`https://www.data.gouv.fr/api/...`, `https://static.data.gouv.fr/...`) to where the mock is served. */
  rewriteUrl(url: string): string;
}
