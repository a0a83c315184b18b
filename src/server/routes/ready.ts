import { sendJson } from '../send-json.js';
import { exactly, type Route } from './route.js';

export interface ReadyReport {
  /** True once shutdown has begun: the balancer must stop routing here. */
  draining(): boolean;
  /** Everything else `/ready` says: records loaded, upstream, store, evaluation. */
  describe(): Record<string, unknown>;
}

/**
 * `/ready`: 503 only while draining. An unusable data.gouv.fr is reported,
 * not made a reason to stop routing here: records and earlier verdicts are
 * still served.
 */
export function createReadyRoute(report: ReadyReport): Route {
  return {
    paths: '/ready',
    matches: exactly('/ready'),
    handle: ({ response }) => {
      const ready = !report.draining();
      sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'draining', ...report.describe() });
    },
  };
}
