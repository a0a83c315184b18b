export type Reachability = 'reachable' | 'unreachable';

export interface WatchUpstreamReachabilityOptions {
  /** Resolves when data.gouv.fr answers, rejects when it does not. */
  readonly probe: () => Promise<unknown>;
  /** Called once per change of state (the first probe's outcome included), never twice in a row with the same state. */
  readonly onChange: (state: Reachability, error?: unknown) => void;
  /** Wait before the first retry, doubled after each failure up to `maxDelayMs`. Default 2 000. */
  readonly initialDelayMs?: number;
  /** Default 60 000. */
  readonly maxDelayMs?: number;
}

export interface ReachabilityWatch {
  /** Stops probing (shutdown). */
  stop(): void;
  /** Settles after the first probe's outcome has been reported. */
  readonly firstProbe: Promise<Reachability>;
}

/**
 * Probes data.gouv.fr at start and, while it cannot be reached, again with a
 * growing delay until it answers; then stops (requests and the circuit
 * breaker watch it from there). Timers are unref'd: they never keep the
 * process alive.
 */
export function watchUpstreamReachability(options: WatchUpstreamReachabilityOptions): ReachabilityWatch {
  const initialDelayMs = options.initialDelayMs ?? 2_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  let state: Reachability | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = initialDelayMs;
  let reportFirst: (state: Reachability) => void = () => {};
  const firstProbe = new Promise<Reachability>((resolve) => {
    reportFirst = resolve;
  });

  const report = (next: Reachability, error?: unknown) => {
    if (stopped || next === state) return;
    state = next;
    options.onChange(next, error);
  };

  const run = async (): Promise<void> => {
    try {
      await options.probe();
      report('reachable');
      reportFirst('reachable');
    } catch (error) {
      report('unreachable', error);
      reportFirst('unreachable');
      if (stopped) return;
      timer = setTimeout(() => void run(), delayMs);
      timer.unref();
      delayMs = Math.min(maxDelayMs, delayMs * 2);
    }
  };
  void run();

  return {
    firstProbe,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
