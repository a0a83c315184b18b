/**
 * Typed errors with stable codes. Nothing here knows GraphQL: the schema's
 * error boundary turns a GatewayError into `extensions.code`.
 */
export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_BAD_PAYLOAD'
  | 'UPSTREAM_BAD_REQUEST'
  | 'UPSTREAM_CIRCUIT_OPEN'
  | 'CONFIG_INVALID'
  | 'HISTORY_UNAVAILABLE';

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  /** Extra, JSON-safe facts for the client (upstream status, url, retry hint). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: GatewayErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** The caller sent something we refuse before doing any work (bad id, bad cursor). */
export class BadUserInputError extends GatewayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details ? { details } : {});
  }
}

/** data.gouv.fr failed, timed out, answered garbage or refused our request. */
export class UpstreamError extends GatewayError {}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** The thing asked for does not exist (where the contract has no null to say so, e.g. a file by URL). */
export class NotFoundError extends GatewayError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', message, details ? { details } : {});
  }
}

/** The store of record cannot be read now: history, `asOf` and change feeds answer this until it is back. */
export class HistoryUnavailableError extends GatewayError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('HISTORY_UNAVAILABLE', message, options);
  }
}
