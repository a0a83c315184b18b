import { builder } from './builder.js';

export const UpstreamSourceEnum = builder.enumType('UpstreamSource', {
  description: 'Where data.gouv.fr data in an answer comes from.',
  values: {
    LIVE: { description: 'The live data.gouv.fr API.' },
    MOCK: {
      description:
        'The bundled emulation of data.gouv.fr (recorded real responses plus synthetic demo records): demo data, not the live catalogue.',
    },
  } as const,
});
