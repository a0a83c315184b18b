import { Agent, request } from 'undici';

export interface Reachability {
  readonly online: boolean;
  /** Why the probe failed, or the status it got. */
  readonly detail: string;
}

/**
 * One short GET to decide whether the live tests can run at all: any HTTP
 * answer below 500 within `timeoutMs` counts as reachable.
 */
export async function probeReachability(url: string, timeoutMs = 3_000): Promise<Reachability> {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  try {
    const response = await request(url, { dispatcher, signal: AbortSignal.timeout(timeoutMs) });
    await response.body.dump();
    return { online: response.statusCode < 500, detail: `HTTP ${response.statusCode}` };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return { online: false, detail: `${error instanceof Error ? error.message : String(error)}${cause}` };
  } finally {
    await dispatcher.destroy().catch(() => {});
  }
}
