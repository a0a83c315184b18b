import { getResponse, type RequestHandler } from 'msw';

/** The API root the default handlers answer on. */
export const API = 'https://www.data.gouv.fr/api';

/** Asks the handlers directly (no network, no dispatcher) for `path` under the API root. */
export async function get(handlers: readonly RequestHandler[], path: string, init: RequestInit = {}): Promise<Response> {
  const url = path.startsWith('http') ? path : `${API}${path}`;
  const response = await getResponse([...handlers], new Request(url, init));
  if (response === undefined) throw new Error(`no handler for GET ${url}`);
  return response;
}

/** GET and parse the JSON body, asserting nothing about the status. */
export async function getJson<T = any>(handlers: readonly RequestHandler[], path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const response = await get(handlers, path, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}
