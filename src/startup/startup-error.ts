/**
 * A start-up that cannot go on, with the exit code and the one line the CLI
 * prints for it: 2 for unusable configuration or records, 1 for the
 * environment (a port already taken).
 */
export class StartupError extends Error {
  readonly exitCode: 1 | 2;
  constructor(exitCode: 1 | 2, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
    this.exitCode = exitCode;
  }
}
