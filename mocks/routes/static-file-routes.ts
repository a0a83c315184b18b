import { CANONICAL_STATIC_BASE } from '../http/canonical-urls.js';
import type { Route, RouteContext } from './route-context.js';

/**
 * Hosted resource files (`https://static.data.gouv.fr/resources/...`), also
 * answered under the mock's own static base when it is served elsewhere.
 * Unknown files get the bare 404 of a static file server, not udata's JSON.
 */
export function createStaticFileRoutes(context: RouteContext): Route[] {
  const bases = [...new Set([CANONICAL_STATIC_BASE, context.staticBase])];
  return bases.map((base) => ({
    pattern: `${base}/resources/*`,
    resolve: ({ url }) => {
      const canonical = `${CANONICAL_STATIC_BASE}${url.pathname.slice(new URL(base).pathname.replace(/\/$/, '').length)}`;
      const file = context.catalogue.staticFiles.get(canonical);
      if (file === undefined) {
        return new Response('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n', {
          status: 404,
          headers: { 'Content-Type': 'text/html' },
        });
      }
      return new Response(file.body, {
        status: 200,
        headers: { 'Content-Type': file.contentType, ...(file.origin === 'synthetic' ? { 'X-Mock-Synthetic': 'true' } : {}) },
      });
    },
  }));
}
