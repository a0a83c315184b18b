import type { Freshness } from '../upstream/datagouv/model.js';
import { builder } from './builder.js';
import { UpstreamSourceEnum } from './upstream-source.js';

/** Provenance shared by every object read from data.gouv.fr. */
export const UpstreamRecordRef = builder.interfaceRef<Freshness>('UpstreamRecord').implement({
  description: 'An object read from data.gouv.fr, saying where it came from and how old it is.',
  fields: (t) => ({
    fetchedAt: t.field({ type: 'DateTime', description: 'When the gateway fetched this from data.gouv.fr.', resolve: (o) => o.fetchedAt }),
    stale: t.exposeBoolean('stale', {
      description: 'True when served from cache past its freshness because data.gouv.fr failed.',
    }),
    revalidating: t.exposeBoolean('revalidating', {
      description: 'True when served from cache past its freshness while a background refresh runs (nothing failed).',
    }),
    source: t.field({
      type: UpstreamSourceEnum,
      description: 'Live data.gouv.fr or the bundled demo emulation.',
      resolve: (_o, _args, context) => context.datagouv.source(),
    }),
  }),
});
