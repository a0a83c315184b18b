import { sendJson } from '../send-json.js';
import { exactly, type Route } from './route.js';

/** `/health`: the process answers; nothing else is asked (liveness). */
export function createHealthRoute(): Route {
  return {
    paths: '/health',
    matches: exactly('/health'),
    handle: ({ response }) => sendJson(response, 200, { status: 'ok' }),
  };
}
