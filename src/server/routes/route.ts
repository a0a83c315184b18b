import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../send-json.js';

/** One HTTP request as every route sees it. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  /** The URL's path, without the query string. */
  readonly path: string;
  /** The client's `x-request-id` when well formed, otherwise a new one; echoed in the answer. */
  readonly requestId: string;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
}

/** One line of the gateway's table of routes. */
export interface Route {
  /** The paths it answers, as a reader of the table would write them. */
  readonly paths: string;
  matches(path: string): boolean;
  /** Answers the request; a rejection is answered 500 (or the socket closed) by the front. */
  handle(exchange: Exchange): void | Promise<void>;
}

export const exactly =
  (expected: string) =>
  (path: string): boolean =>
    path === expected;

export const under =
  (prefix: string) =>
  (path: string): boolean =>
    path.startsWith(prefix);

/**
 * A route over a handler that checks its own paths and says whether it
 * answered (exports, feeds, the dashboard). A path it matched but left
 * unanswered gets a 404 rather than a request that never ends.
 */
export function handledBy(paths: string, matches: (path: string) => boolean, handler: (request: Exchange['request'], response: Exchange['response']) => boolean): Route {
  return {
    paths,
    matches,
    handle: ({ request, response, path, requestId }) => {
      if (!handler(request, response)) sendError(response, 404, 'NOT_FOUND', `Rien n’est servi à l’adresse ${path}.`, requestId);
    },
  };
}
