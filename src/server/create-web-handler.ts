import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

/**
 * The page loads only its own bundled files and speaks only to this gateway.
 * Inline style attributes are allowed: the charts set them on their SVG marks.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths of the dashboard's own pages: each answers with the page, which routes itself. */
const PAGE_PATH = /^\/(?:engagements\/[\w-]{1,64}\/?)?$/;

/** The dashboard's pages and its hashed files. */
export function isWebPath(pathname: string): boolean {
  return PAGE_PATH.test(pathname) || pathname.startsWith('/assets/');
}

/**
 * Serves the dashboard built by Vite (`dist/web/`): `/`, `/engagements/<key>`
 * and the hashed files under `/assets/`. Returns false for any other path.
 * Without a build, the pages answer 503 saying how to make one.
 */
export function createWebHandler(webRoot: string): (request: IncomingMessage, response: ServerResponse) => boolean {
  const indexFile = path.join(webRoot, 'index.html');
  /** The build's time, or null without a build. */
  const builtAt = () => statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs ?? null;
  // sirv lists the folder once when created: make it again after each new build.
  let assets: ReturnType<typeof sirv> | undefined;
  let assetsBuiltAt: number | null = null;
  const createAssets = () => sirv(webRoot, {
    dev: false,
    etag: true,
    // Vite names every asset after its content hash; the page itself must be revalidated.
    setHeaders: (response, pathname) => {
      response.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      response.setHeader('x-content-type-options', 'nosniff');
      if (pathname === '/index.html') response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    },
    onNoMatch: (_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Fichier introuvable.\n');
    },
  });
  return (request, response) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (!isWebPath(pathname)) return false;
    const isPage = PAGE_PATH.test(pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Méthode non permise.\n');
      return true;
    }
    const build = builtAt();
    if (build === null) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end("Le tableau de bord n'est pas construit : lancez « npm run build:web ». GraphiQL reste servi sur /graphql.\n");
      return true;
    }
    if (isPage) request.url = '/index.html';
    if (assets === undefined || build !== assetsBuiltAt) {
      assets = createAssets();
      assetsBuiltAt = build;
    }
    assets(request, response);
    return true;
  };
}
