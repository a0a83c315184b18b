import type { Logger } from 'pino';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';

/** What every resolver receives. Built once per request by the server. */
export interface GatewayContext {
  /** Correlates logs and masked errors with one HTTP request. */
  readonly requestId: string;
  readonly pressReleases: PressReleaseStore;
  /** The clock every time-dependent answer uses (fixed in tests). */
  readonly now: () => Date;
  readonly logger: Logger;
}
