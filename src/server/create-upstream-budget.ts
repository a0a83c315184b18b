import { setMaxListeners } from 'node:events';
import { UpstreamError } from '../errors/gateway-error.js';

export interface UpstreamBudget {
  readonly signal: AbortSignal;
  /** Ends the budget early (the client went away). */
  abort(reason: unknown): void;
  dispose(): void;
}

/**
 * The upstream budget of one GraphQL request: aborted when the client goes
 * away or when `ms` have passed, with an UPSTREAM_TIMEOUT as the reason, so a
 * field still waiting answers that code (or its stale value) instead of
 * waiting for the upstream call's own, longer, deadline. Shared loads are not
 * cancelled by it: they finish in the background and fill the cache.
 */
export function createUpstreamBudget(ms: number, clientSignal?: AbortSignal): UpstreamBudget {
  const controller = new AbortController();
  // Every pending field of a large query listens to this one signal at once; each removes its listener when done.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new UpstreamError('UPSTREAM_TIMEOUT', `data.gouv.fr did not answer within this request's budget of ${ms} ms`)),
    ms,
  );
  timer.unref();
  const abort = (reason: unknown): void => {
    clearTimeout(timer);
    controller.abort(reason);
  };
  const onClientAbort = (): void => abort(clientSignal?.reason);
  if (clientSignal?.aborted) onClientAbort();
  else clientSignal?.addEventListener('abort', onClientAbort, { once: true });
  return {
    signal: controller.signal,
    abort,
    dispose() {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientAbort);
    },
  };
}
