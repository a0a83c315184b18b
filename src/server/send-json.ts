import type { ServerResponse } from 'node:http';

/** A refusal in the shape of a GraphQL answer, so every client reads codes in one place. */
export function sendError(response: ServerResponse, status: number, code: string, message: string, requestId: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] }));
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
