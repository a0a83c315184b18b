import type { Exchange } from './routes/route.js';

/**
 * CORS for a public, read-only API that any origin may read, never with the
 * visitor's cookies: a literal `*` (yoga would reflect the caller's origin),
 * and preflights answered here. Returns true once it has answered a
 * preflight. A configured list of origins is left to yoga.
 */
export function answerAnyOrigin({ request, response }: Exchange): boolean {
  if (request.headers.origin === undefined) return false;
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', 'x-request-id');
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
    'access-control-max-age': '86400',
  });
  response.end();
  return true;
}
