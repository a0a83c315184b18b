import { selectChangeCommitments } from '../commitments/select-change-commitments.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import type { ChangeKind } from '../store/verdict-store.js';
import { readHistory } from './as-of.js';
import { builder } from './builder.js';
import { CommitmentRef } from './commitment-type.js';
import { decodeRowCursor, encodeRowCursor, toPageSize } from './history-cursor.js';
import { ChangeKindEnum, ChangeRef, EvaluationRunRef, VerdictObservationRef, type ObservationView } from './history-types.js';
import type { ChangeRecord } from '../store/verdict-store.js';

/** Longest page of a history list. */
const MAX_HISTORY_PAGE = 100;

const ChangeFilter = builder.inputType('ChangeFilter', {
  description: 'Narrows the recorded changes. All conditions must hold.',
  fields: (t) => ({
    commitment: t.string({ description: 'Only this commitment’s changes (its key, `c015`).' }),
    ministry: t.string({ description: 'Only changes of commitments whose ministry contains this, case- and accent-insensitive.' }),
    kinds: t.field({ type: [ChangeKindEnum], description: 'Only these kinds of change.' }),
  }),
});

builder.objectField(CommitmentRef, 'history', (t) =>
  t.connection(
    {
      type: VerdictObservationRef,
      description:
        'The verdicts recorded for this commitment, newest first: one each time the verdict changed, with what changed. Costs no call to data.gouv.fr.',
      args: {},
      resolve: async (commitment, args, context) => {
        const first = toPageSize(args.first, 20, MAX_HISTORY_PAGE);
        const beforeId = decodeRowCursor('observation', args.after);
        if (args.last != null || args.before != null) throw new BadUserInputError('History is read newest first with `first` and `after`.');
        const page = await readHistory(context, (store) => store.history(commitment.key, { first, ...(beforeId !== undefined ? { beforeId } : {}) }));
        const views: ObservationView[] = page.items.map((observation, index) => ({
          commitment,
          observation,
          previous: page.items[index + 1] ?? page.previousOfLast,
        }));
        return toRowConnection('observation', views, (view) => view.observation.id, page, beforeId);
      },
    },
    { name: 'VerdictObservationConnection', description: 'A page of a commitment’s recorded verdicts.' },
    { name: 'VerdictObservationEdge', description: 'A recorded verdict in a page, with its cursor.' },
  ),
);

builder.queryFields((t) => ({
  changes: t.connection(
    {
      type: ChangeRef,
      description:
        'Every change recorded since an instant, newest first: state transitions, objects found, lost or re-created, slugs, titles, licences and files. Costs no call to data.gouv.fr.',
      args: {
        since: t.arg({ type: 'DateTime', required: true, description: 'Changes recorded at or after this instant.' }),
        filter: t.arg({ type: ChangeFilter, description: 'By commitment, ministry or kind.' }),
      },
      resolve: async (_root, args, context) => {
        const first = toPageSize(args.first, 20, MAX_HISTORY_PAGE);
        const beforeId = decodeRowCursor('change', args.after);
        if (args.last != null || args.before != null) throw new BadUserInputError('Changes are read newest first with `first` and `after`.');
        const commitmentKeys = selectChangeCommitments(context.commitments.all(), args.filter ?? {});
        const since = new Date(args.since).toISOString();
        const page = await readHistory(context, (store) =>
          store.changes({
            since,
            first,
            ...(commitmentKeys ? { commitmentKeys } : {}),
            ...(args.filter?.kinds ? { kinds: args.filter.kinds as ChangeKind[] } : {}),
            ...(beforeId !== undefined ? { beforeId } : {}),
          }),
        );
        return toRowConnection('change', page.items, (change: ChangeRecord) => change.id, page, beforeId);
      },
    },
    { name: 'ChangeConnection', description: 'A page of recorded changes.' },
    { name: 'ChangeEdge', description: 'A recorded change in a page, with its cursor.' },
  ),
  latestEvaluationRun: t.field({
    type: EvaluationRunRef,
    nullable: true,
    description: 'The latest complete evaluation of every commitment; null before the first. Costs no call to data.gouv.fr.',
    resolve: (_root, _args, context) => readHistory(context, (store) => store.latestRun()),
  }),
}));

/** A page of store rows as a Relay connection, read newest first with `after` (a row-id cursor). */
function toRowConnection<T>(
  kind: 'observation' | 'change',
  nodes: readonly T[],
  idOf: (node: T) => number,
  page: { readonly totalCount: number; readonly hasNextPage: boolean },
  beforeId: number | undefined,
) {
  const edges = nodes.map((node) => ({ cursor: encodeRowCursor(kind, idOf(node)), node }));
  return {
    totalCount: page.totalCount,
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: beforeId !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
