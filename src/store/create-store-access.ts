import type { Logger } from 'pino';
import { HistoryUnavailableError } from '../errors/gateway-error.js';
import { StoreOpenError } from './open-store.js';
import type { VerdictStore } from './verdict-store.js';

export type StoreState = 'AVAILABLE' | 'UNAVAILABLE';

export interface StoreStatus {
  readonly state: StoreState;
  readonly engine: 'sqlite' | 'postgres';
  /** Where the store is, without credentials. */
  readonly location: string;
  /** Why it is unavailable; null when available. */
  readonly reason: string | null;
  /** When the state last changed, ISO-8601. */
  readonly since: string;
}

/**
 * The store as the rest of the gateway sees it: possibly not there yet (the
 * database was unreachable at start and is retried in the background) or
 * gone for a while. Every operation goes through `use`, which measures it and
 * turns a failure into HISTORY_UNAVAILABLE, so no caller crashes on it.
 */
/** Store operations since start, for `/metrics`. */
export interface StoreOperationStats {
  readonly ok: number;
  readonly failed: number;
  /** Seconds spent in all of them. */
  readonly seconds: number;
}

export interface StoreAccess {
  status(): StoreStatus;
  operations(): StoreOperationStats;
  /** Runs one store operation; throws HistoryUnavailableError when the store is not usable. */
  use<T>(operation: (store: VerdictStore) => Promise<T>): Promise<T>;
  /** Resolves once the store is open (or at once when it already is). */
  whenOpen(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreAccessOptions {
  readonly engine: 'sqlite' | 'postgres';
  readonly location: string;
  readonly open: () => Promise<VerdictStore>;
  /** Wait between attempts to open an unreachable database, in ms. Default 5 000. */
  readonly retryMs?: number;
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  readonly now?: () => Date;
}

/**
 * Opens the store once: an unusable file or a newer schema rejects (the
 * caller stops the start); an unreachable database resolves to an access
 * that answers HISTORY_UNAVAILABLE and keeps trying to open it.
 */
export async function createStoreAccess(options: StoreAccessOptions): Promise<StoreAccess> {
  const now = options.now ?? (() => new Date());
  const retryMs = options.retryMs ?? 5_000;
  let store: VerdictStore | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let status: StoreStatus = { state: 'UNAVAILABLE', engine: options.engine, location: options.location, reason: 'not opened yet', since: now().toISOString() };
  const waiting: (() => void)[] = [];
  const stats = { ok: 0, failed: 0, seconds: 0 };

  const setState = (state: StoreState, reason: string | null): void => {
    if (status.state === state && status.reason === reason) return;
    if (state !== status.state) {
      if (state === 'AVAILABLE') options.logger.info({ store: options.location }, 'store of record available');
      else options.logger.warn({ store: options.location, reason }, 'store of record unavailable: verdicts are still served, history answers HISTORY_UNAVAILABLE');
    }
    status = { state, engine: options.engine, location: options.location, reason, since: now().toISOString() };
  };

  const tryOpen = async (): Promise<void> => {
    try {
      store = await options.open();
      if (closed) {
        await store.close();
        return;
      }
      setState('AVAILABLE', null);
      for (const resolve of waiting.splice(0)) resolve();
    } catch (error) {
      if (error instanceof StoreOpenError && error.reason !== 'UNREACHABLE') throw error;
      setState('UNAVAILABLE', error instanceof Error ? error.message : String(error));
      if (!closed) {
        retry = setTimeout(() => void tryOpen().catch((fatal: unknown) => {
          options.logger.warn({ err: fatal }, 'store of record refused on reconnection; history stays unavailable');
        }), retryMs);
        retry.unref();
      }
    }
  };
  await tryOpen();

  return {
    status: () => status,
    operations: () => ({ ...stats }),
    async use(operation) {
      if (store === null) throw new HistoryUnavailableError(`the store of record is unavailable: ${status.reason ?? 'not opened'}`);
      const started = performance.now();
      try {
        const result = await operation(store);
        stats.ok += 1;
        stats.seconds += (performance.now() - started) / 1000;
        setState('AVAILABLE', null);
        return result;
      } catch (error) {
        stats.failed += 1;
        stats.seconds += (performance.now() - started) / 1000;
        const reason = error instanceof Error ? error.message : String(error);
        setState('UNAVAILABLE', reason);
        throw new HistoryUnavailableError(`the store of record failed: ${reason}`, { cause: error });
      }
    },
    whenOpen: () => (store !== null ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    async close() {
      closed = true;
      clearTimeout(retry);
      await store?.close();
      store = null;
    },
  };
}
