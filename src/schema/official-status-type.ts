import type { TrackerMatch } from '../commitments/match-tracker-entries.js';
import type { TrackerEntry } from '../commitments/parse-tracking-table.js';
import { trackerCommitmentKey } from '../commitments/to-tracker-commitments.js';
import { builder } from './builder.js';
import { CommitmentRef } from './commitment-type.js';

interface OfficialStatus {
  readonly entry: TrackerEntry;
  readonly similarity: number;
  readonly url: string;
  readonly synthetic: boolean;
  readonly fetchedAt: string;
  readonly stale: boolean;
}

const TrackerStatusCodeEnum = builder.enumType('TrackerStatusCode', {
  description: 'The official tracking table’s opening status, read as a code.',
  values: {
    OPEN: { description: '"Disponible" / opened.' },
    PLANNED: { description: '"Planifié": opening planned.' },
    NOT_OPEN: { description: 'Not opened.' },
    TO_DEFINE: { description: '"À définir": no date set.' },
  } as const,
});

const OfficialStatusRef = builder.objectRef<OfficialStatus>('OfficialStatus').implement({
  description:
    'What the government’s own hand-kept tracking table (published on data.gouv.fr) says of a commitment, shown beside the computed state so disagreements are visible.',
  fields: (t) => ({
    openingStatus: t.string({ nullable: true, description: 'STATUT D’OUVERTURE as written.', resolve: (s) => s.entry.openingStatus }),
    openingStatusCode: t.field({
      type: TrackerStatusCodeEnum,
      nullable: true,
      description: 'The status read as a code; null when the label is not one of the known ones.',
      resolve: (s) => s.entry.openingStatusCode,
    }),
    estimatedDate: t.string({ nullable: true, description: 'DATE ESTIMÉE as written.', resolve: (s) => s.entry.estimatedDate }),
    title: t.string({ description: 'TITRE of the matched row.', resolve: (s) => s.entry.title }),
    type: t.string({ nullable: true, description: 'TYPE as written.', resolve: (s) => s.entry.type }),
    category: t.string({ nullable: true, description: 'CATEGORIE as written.', resolve: (s) => s.entry.category }),
    link: t.string({ nullable: true, description: 'LIEN as written.', resolve: (s) => s.entry.link }),
    producer: t.string({ nullable: true, description: 'PRODUCTEUR as written.', resolve: (s) => s.entry.producer }),
    ministry: t.string({ nullable: true, description: 'MINISTÈRE DE TUTELLE as written.', resolve: (s) => s.entry.ministry }),
    row: t.int({ description: '1-based data row in the table.', resolve: (s) => s.entry.row }),
    titleSimilarity: t.float({ description: 'How closely the row’s title matches the commitment’s, in [0, 1].', resolve: (s) => s.similarity }),
    sourceUrl: t.string({ description: 'The CSV file read.', resolve: (s) => s.url }),
    synthetic: t.boolean({
      description: 'True when the table read is synthetic demo data, not the government’s table: never quote it as official.',
      resolve: (s) => s.synthetic,
    }),
    sourceLabel: t.string({
      description: 'Where the status comes from, in French: the official table’s URL, or a warning that it is synthetic demo data.',
      resolve: (s) => (s.synthetic
        ? `Données de démonstration synthétiques, pas le tableau de suivi officiel (${s.url})`
        : `Tableau de suivi officiel publié sur data.gouv.fr : ${s.url}`),
    }),
    fetchedAt: t.field({ type: 'DateTime', description: 'When the table was fetched.', resolve: (s) => s.fetchedAt }),
    stale: t.boolean({ description: 'True when the table was served from cache after an upstream failure.', resolve: (s) => s.stale }),
  }),
});

builder.objectField(CommitmentRef, 'officialStatus', (t) =>
  t.field({
    type: OfficialStatusRef,
    nullable: true,
    description:
      'The official tracking table’s row for this commitment (for a commitment made from the table, its own row); null when that source is not enabled (`COMMITMENT_SOURCES=local,tracker`) or no row matches.',
    resolve: async (commitment, _args, context) => {
      if (!context.useTrackingTable) return null;
      const table = await context.loaders.trackingTable();
      if (commitment.source === 'TRACKER') {
        // The commitment is the row itself.
        const entry = table.entries.find((e) => e.kind !== null && trackerCommitmentKey(e.kind, e.title) === commitment.key);
        return entry ? { entry, similarity: 1, url: table.url, synthetic: table.synthetic, fetchedAt: table.fetchedAt, stale: table.stale } : null;
      }
      const match: TrackerMatch | undefined = table.matches.get(commitment.key);
      if (!match?.entry || match.similarity === null) return null;
      return { entry: match.entry, similarity: match.similarity, url: table.url, synthetic: table.synthetic, fetchedAt: table.fetchedAt, stale: table.stale };
    },
  }),
);
