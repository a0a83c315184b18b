/** One request the mock answered, for tests that count upstream calls. */
export interface MockCall {
  readonly method: string;
  /** Absolute URL as requested (query included). */
  readonly url: string;
  /** HTTP status sent, or `ERROR` when no response was sent (reset, abort, timeout, no handler). */
  readonly status: number | 'ERROR';
}

/** A live, append-only call log with an in-place reset (references to `calls` stay valid). */
export interface CallLog {
  readonly calls: ReadonlyArray<MockCall>;
  record(call: MockCall): void;
  reset(): void;
}

export function createCallLog(): CallLog {
  const calls: MockCall[] = [];
  return {
    calls,
    record: (call) => {
      calls.push(call);
    },
    reset: () => {
      calls.length = 0;
    },
  };
}
