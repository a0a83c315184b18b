import { HttpResponse } from 'msw';

/** A JSON response from a body typed `unknown` (a fixture read from disk). */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return new HttpResponse(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
}
