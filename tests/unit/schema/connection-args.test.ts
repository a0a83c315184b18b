import { describe, expect, it } from 'vitest';
import { decodeOffsetCursor, encodeOffsetCursor, toConnectionArgs } from '../../../src/schema/connection-args.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('connection cursors', () => {
  it('round-trips the cursors the API issues', () => {
    expect(decodeOffsetCursor(encodeOffsetCursor(0))).toBe(0);
    expect(decodeOffsetCursor(encodeOffsetCursor(9_999))).toBe(9_999);
  });

  it.each([['not-a-cursor'], [b64('OffsetConnection:5abc')], [b64('OffsetConnection:-1')], [b64('SomethingElse:5')], ['']])(
    'refuses %j with BAD_USER_INPUT',
    (cursor) => {
      expect(() => decodeOffsetCursor(cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    },
  );

  it('refuses a page larger than the upstream client accepts', () => {
    expect(() => toConnectionArgs({ first: 101 })).toThrow(/between 0 and 100/);
    expect(toConnectionArgs({ first: 100 })).toEqual({ first: 100 });
  });
});
