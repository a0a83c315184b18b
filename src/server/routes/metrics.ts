import type { GatewayMetrics } from '../create-metrics.js';
import { exactly, type Route } from './route.js';

/** `/metrics`: Prometheus text. */
export function createMetricsRoute(metrics: GatewayMetrics): Route {
  return {
    paths: '/metrics',
    matches: exactly('/metrics'),
    handle: async ({ response }) => {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
      response.end(text);
    },
  };
}
