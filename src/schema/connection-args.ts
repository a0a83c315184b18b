import { BadUserInputError } from '../errors/gateway-error.js';

/** Largest page a connection returns; larger `first`/`last` values are refused rather than silently cut. */
export const MAX_PAGE_SIZE = 100;

export interface ConnectionArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
}

const OFFSET_CURSOR_PREFIX = 'OffsetConnection:';

/**
 * Validates relay arguments before any work is done, so a bad cursor or an
 * oversized page is a BAD_USER_INPUT error, not a masked internal one.
 */
export function toConnectionArgs(args: ConnectionArgs): ConnectionArgs {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)) {
      throw new BadUserInputError(`Argument "${name}" must be an integer between 0 and ${MAX_PAGE_SIZE}.`, { [name]: value });
    }
  }
  for (const name of ['after', 'before'] as const) {
    const value = args[name];
    if (value != null) decodeOffsetCursor(value, name);
  }
  return args;
}

/** Offset (0-based index of the edge) carried by a connection cursor. */
export function decodeOffsetCursor(cursor: string, argumentName = 'after'): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const offset = decoded.startsWith(OFFSET_CURSOR_PREFIX) ? decoded.slice(OFFSET_CURSOR_PREFIX.length) : '';
  if (!/^\d{1,9}$/.test(offset)) {
    throw new BadUserInputError(`Argument "${argumentName}" is not a cursor returned by this API.`, { [argumentName]: cursor });
  }
  return Number(offset);
}

/** The cursor of the edge at this 0-based offset (same encoding as Pothos' array connections). */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`${OFFSET_CURSOR_PREFIX}${offset}`, 'utf8').toString('base64');
}
