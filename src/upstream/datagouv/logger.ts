/** The slice of a pino-style logger the upstream client writes to. */
export interface UpstreamLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
  debug(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: UpstreamLogger = Object.freeze({
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
});
