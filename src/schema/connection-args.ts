import { cursorToOffset, offsetToCursor } from '@pothos/plugin-relay';
import { BadUserInputError } from '../errors/gateway-error.js';
import { MAX_PAGE_SIZE as MAX_UPSTREAM_PAGE_SIZE } from '../upstream/datagouv/validate-input.js';

/**
 * Largest page a connection returns; larger `first`/`last` values are refused
 * rather than silently cut. Lists backed by data.gouv.fr pass `first` on as the
 * upstream page size, so this is the client's own limit.
 */
export const MAX_PAGE_SIZE = MAX_UPSTREAM_PAGE_SIZE;

export interface ConnectionArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
}

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

/**
 * Offset (0-based index of the edge) carried by a connection cursor. Pothos'
 * own decoder accepts trailing garbage (`parseInt`), so a cursor only counts
 * when it is exactly what Pothos would have issued for that offset.
 */
export function decodeOffsetCursor(cursor: string, argumentName = 'after'): number {
  let offset: number;
  try {
    offset = cursorToOffset(cursor);
  } catch {
    offset = Number.NaN;
  }
  if (!Number.isSafeInteger(offset) || offset < 0 || offsetToCursor(offset) !== cursor) {
    throw new BadUserInputError(`Argument "${argumentName}" is not a cursor returned by this API.`, { [argumentName]: cursor });
  }
  return offset;
}

/** The cursor of the edge at this 0-based offset, as Pothos' array connections issue it. */
export const encodeOffsetCursor: (offset: number) => string = offsetToCursor;
