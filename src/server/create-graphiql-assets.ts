import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

/** Where the explorer's files are served; each name carries a hash of its content. */
export const GRAPHIQL_ASSETS_PREFIX = '/graphiql/assets/';

const compressWithBrotli = promisify(brotliCompress);
const compressWithGzip = promisify(gzip);

type Encoding = 'br' | 'gzip';

interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;
  readonly encoded: Map<Encoding, Promise<Buffer>>;
}

interface AssetSet {
  readonly byFile: ReadonlyMap<string, Asset>;
  /** Logical name (`js`, `css`, `favicon`, worker labels) -> URL. */
  readonly urls: Readonly<Record<'js' | 'css' | 'favicon' | 'editorWorkerService' | 'json' | 'graphql', string>>;
}

export interface GraphiqlAssets {
  /** The explorer's HTML page: small, pointing at the hashed files. */
  renderPage(options: Readonly<Record<string, unknown>> & { readonly title?: string }): Promise<string>;
  /** Answers a request under GRAPHIQL_ASSETS_PREFIX. */
  serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void>;
}

/**
 * GraphiQL as static files instead of one 9 MB page: yoga's
 * `@graphql-yoga/render-graphiql` ships the explorer (script, style, Monaco
 * workers, icon) as strings in one module; they are read from it on the first
 * visit only, kept as buffers under content-hashed names, served with an
 * immutable cache lifetime, and compressed once per encoding on demand.
 * Nothing comes from a CDN: the explorer works offline.
 */
export function createGraphiqlAssets(): GraphiqlAssets {
  let assets: Promise<AssetSet> | undefined;
  const load = (): Promise<AssetSet> => (assets ??= Promise.resolve().then(readAssets));

  return {
    async renderPage(options) {
      return renderPage((await load()).urls, options);
    },
    async serve(request, response, path) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const asset = (await load()).byFile.get(path.slice(GRAPHIQL_ASSETS_PREFIX.length));
      if (asset === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('not found\n');
        return;
      }
      const headers: Record<string, string> = {
        'content-type': asset.contentType,
        'cache-control': 'public, max-age=31536000, immutable',
        etag: asset.etag,
        vary: 'accept-encoding',
      };
      if (request.headers['if-none-match'] === asset.etag) {
        response.writeHead(304, headers).end();
        return;
      }
      const encoding = pickEncoding(request.headers['accept-encoding']);
      const body = encoding === null ? asset.body : await encode(asset, encoding);
      if (encoding !== null) headers['content-encoding'] = encoding;
      headers['content-length'] = String(body.length);
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    },
  };
}

function readAssets(): AssetSet {
  const require = createRequire(import.meta.url);
  const moduleId = require.resolve('@graphql-yoga/render-graphiql/graphiql');
  const source = require(moduleId) as Record<'js' | 'css' | 'favicon' | 'editorWorkerService' | 'jsonWorker' | 'graphqlWorker', string>;
  const favicon = /^data:([^;,]+);base64,(.*)$/s.exec(source.favicon);
  const files = {
    js: { stem: 'graphiql', extension: 'js', contentType: 'text/javascript; charset=utf-8', body: Buffer.from(source.js) },
    css: { stem: 'graphiql', extension: 'css', contentType: 'text/css; charset=utf-8', body: Buffer.from(source.css) },
    favicon: favicon
      ? { stem: 'favicon', extension: 'ico', contentType: favicon[1] as string, body: Buffer.from(favicon[2] as string, 'base64') }
      : { stem: 'favicon', extension: 'ico', contentType: 'image/x-icon', body: Buffer.alloc(0) },
    editorWorkerService: { stem: 'editor.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8', body: Buffer.from(source.editorWorkerService) },
    json: { stem: 'json.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8', body: Buffer.from(source.jsonWorker) },
    graphql: { stem: 'graphql.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8', body: Buffer.from(source.graphqlWorker) },
  };
  // Only the buffers are kept: dropping the module lets its 9 MB of strings be collected.
  delete require.cache[moduleId];

  const byFile = new Map<string, Asset>();
  const urls = {} as Record<keyof typeof files, string>;
  for (const [name, file] of Object.entries(files) as [keyof typeof files, (typeof files)[keyof typeof files]][]) {
    const hash = createHash('sha256').update(file.body).digest('hex').slice(0, 16);
    const fileName = `${file.stem}.${hash}.${file.extension}`;
    byFile.set(fileName, { contentType: file.contentType, body: file.body, etag: `"${hash}"`, encoded: new Map() });
    urls[name] = `${GRAPHIQL_ASSETS_PREFIX}${fileName}`;
  }
  return { byFile, urls };
}

function pickEncoding(header: string | string[] | undefined): Encoding | null {
  const accepted = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return null;
}

function encode(asset: Asset, encoding: Encoding): Promise<Buffer> {
  let encoded = asset.encoded.get(encoding);
  if (encoded === undefined) {
    // Quality 6 compresses the 5 MB script in a fraction of a second; 11 would take seconds for a few % less.
    encoded =
      encoding === 'br'
        ? compressWithBrotli(asset.body, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: asset.body.length },
          })
        : compressWithGzip(asset.body, { level: 6 });
    asset.encoded.set(encoding, encoded);
  }
  return encoded;
}

/** JSON that is safe inside an inline <script>. */
function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string);
}

function renderPage(urls: AssetSet['urls'], options: Readonly<Record<string, unknown>> & { readonly title?: string }): string {
  const workers = { editorWorkerService: urls.editorWorkerService, json: urls.json, graphql: urls.graphql };
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${urls.favicon}" />
    <link rel="stylesheet" href="${urls.css}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL a besoin de JavaScript.</noscript>
    <div id="root"></div>
    <script>
      const workers = ${toScriptJson(workers)};
      self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
    </script>
    <script src="${urls.js}"></script>
    <script>
      YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${toScriptJson(options)});
    </script>
  </body>
</html>
`;
}
