/**
 * A transport `parse` for a JSON endpoint: the body parsed, then checked by
 * `guard`. It throws on text that is not JSON or lacks the payload's
 * essential fields, so the transport counts that answer as a failure (for
 * the breaker) rather than handing garbage on.
 *
 * @param what the payload's name, for the error message.
 */
export function parseGuardedJson<P>(guard: (value: unknown) => value is P, what: string): (text: string) => P {
  return (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${what} is not JSON`, { cause: error });
    }
    if (!guard(parsed)) throw new Error(`${what} lacks its essential fields`);
    return parsed;
  };
}
