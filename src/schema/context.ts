import type { UpstreamLookupReport } from './upstream-lookup-report.js';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import type { Loaders } from '../loaders/create-loaders.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';

/** What every resolver receives. Built once per request by the server. */
export interface GatewayContext {
  /** Correlates logs and masked errors with one HTTP request (see useGatewayErrors). */
  readonly requestId: string;
  readonly pressReleases: PressReleaseStore;
  /** The commitment records loaded at start-up. */
  readonly commitments: CommitmentRegistry;
  /** True when the official tracking table is a configured source (`COMMITMENT_SOURCES=local,tracker`). */
  readonly useTrackingTable: boolean;
  /** The clock every time-dependent answer uses (fixed in tests). */
  readonly now: () => Date;
  /** The process-wide data.gouv.fr client (cache, breaker, retries). */
  readonly datagouv: DatagouvClient;
  /** The store of record (history, `asOf`, changes); null when the gateway runs without one. */
  readonly history: StoreAccess | null;
  /** Per-request batching and de-duplication of upstream lookups. */
  readonly loaders: Loaders;
  /** This request's upstream work: waited for, then reported, by `upstreamStatus`. */
  readonly upstreamLog?: {
    idle(): Promise<void>;
    failures(): readonly { readonly code: string; readonly message: string; readonly at: string }[];
    lookups(): readonly UpstreamLookupReport[];
  };
}
