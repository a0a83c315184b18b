import type { Logger } from 'pino';
import { GRAPHIQL_ASSETS_PREFIX, type GraphiqlAssets } from '../create-graphiql-assets.js';
import { under, type Route } from './route.js';

/** GraphiQL's own files (script, style, workers), served by the gateway rather than a CDN. */
export function createGraphiqlAssetsRoute(assets: GraphiqlAssets, logger: Logger): Route {
  return {
    paths: `${GRAPHIQL_ASSETS_PREFIX}*`,
    matches: under(GRAPHIQL_ASSETS_PREFIX),
    handle: ({ request, response, path }) => {
      assets.serve(request, response, path).catch((error: unknown) => {
        logger.error({ err: error, path }, 'GraphiQL asset failed');
        if (!response.headersSent) response.writeHead(500).end();
      });
    },
  };
}
