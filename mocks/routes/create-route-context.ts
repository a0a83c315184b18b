import type { Catalogue } from '../catalogue.js';
import { CANONICAL_API_BASE, CANONICAL_STATIC_BASE } from '../http/canonical-urls.js';
import type { RouteContext } from './route-context.js';

export interface RouteContextOptions {
  /** The catalogue to serve, read on every request (run-time deletions change it). */
  readonly catalogue: () => Catalogue;
  readonly apiBase: string;
  readonly staticBase: string;
  readonly now: () => Date;
}

export function createRouteContext(options: RouteContextOptions): RouteContext {
  const { apiBase, staticBase } = options;
  const moved = apiBase !== CANONICAL_API_BASE || staticBase !== CANONICAL_STATIC_BASE;

  // Plain string replacement is enough: JSON.stringify never escapes `/`, and
  // only these two prefixes are API or file locations (web `page` URLs stay put).
  const rewrite = (text: string): string =>
    moved
      ? text
          .split(`${CANONICAL_API_BASE}/`).join(`${apiBase}/`)
          .split(`${CANONICAL_STATIC_BASE}/resources/`).join(`${staticBase}/resources/`)
      : text;

  return {
    get catalogue() {
      return options.catalogue();
    },
    apiBase,
    staticBase,
    now: options.now,
    rewriteUrl: rewrite,
    json(body: unknown, status = 200): Response {
      // udata sends neither ETag nor Last-Modified: clients must cache by TTL.
      return new Response(rewrite(JSON.stringify(body)), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    },
  };
}
