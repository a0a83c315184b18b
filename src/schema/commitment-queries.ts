import { resolveArrayConnection } from '@pothos/plugin-relay';
import { buildScoreboard, type ScoreboardRow } from '../commitments/build-scoreboard.js';
import type { RecordError } from '../commitments/record-error.js';
import { needsStatus, selectCommitments } from '../commitments/select-commitments.js';
import { summariseCoverage, type CommitmentCoverage } from '../commitments/summarise-coverage.js';
import { COMMITMENT_STATES, type CommitmentState, type CommitmentStatus } from '../commitments/model.js';
import { atDay, loadRecordedAsOf } from './as-of.js';
import { builder } from './builder.js';
import { CommitmentKindEnum, CommitmentRef, CommitmentStateEnum } from './commitment-type.js';
import { toConnectionArgs } from './connection-args.js';
import type { GatewayContext } from './context.js';

const CommitmentFilter = builder.inputType('CommitmentFilter', {
  description: 'Narrows the list of commitments. All conditions must hold.',
  fields: (t) => ({
    ministry: t.string({ description: 'Part of the ministry’s name, case- and accent-insensitive ("éducation").' }),
    kind: t.field({ type: CommitmentKindEnum, description: 'Dataset, API or source code.' }),
    state: t.field({ type: CommitmentStateEnum, description: 'Publication state (computes every verdict).' }),
    announcement: t.string({ description: 'Slug of the announcing press release.' }),
    confirmedInList: t.boolean({ description: 'Only items whose place in the 63-item list is (or is not) confirmed.' }),
    dueBefore: t.field({ type: 'Date', description: 'Deadline on or before this day; items without a deadline are excluded.' }),
    dueAfter: t.field({ type: 'Date', description: 'Deadline on or after this day; items without a deadline are excluded.' }),
  }),
});

const CommitmentOrderEnum = builder.enumType('CommitmentOrder', {
  description: 'Order of a list of commitments.',
  values: {
    KEY: { description: 'By record key (default).' },
    DUE_DATE: { description: 'Earliest deadline first; items without one last.' },
    TITLE: { description: 'By title (French collation).' },
    MINISTRY: { description: 'By ministry; items without one last.' },
  } as const,
});

const ScoreboardGroupByEnum = builder.enumType('ScoreboardGroupBy', {
  description: 'How the scoreboard groups commitments.',
  values: {
    MINISTRY: { description: 'By responsible ministry.' },
    KIND: { description: 'Dataset, API, source code.' },
    PLANNED_QUARTER: { description: 'By planned period (`2021-T3`, `2022-S1`, `2022`).' },
    ANNOUNCEMENT: { description: 'By announcing press release.' },
  } as const,
});

interface StateCount {
  readonly state: CommitmentState;
  readonly count: number;
}

const StateCountRef = builder.objectRef<StateCount>('StateCount').implement({
  description: 'How many commitments of a group are in one state.',
  fields: (t) => ({
    state: t.field({ type: CommitmentStateEnum, description: 'The state.', resolve: (c) => c.state }),
    count: t.exposeInt('count', { description: 'Number of commitments.' }),
  }),
});

const ScoreboardRowRef = builder.objectRef<ScoreboardRow>('ScoreboardRow').implement({
  description: 'Counts of one group of commitments by state.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The group (a ministry, a kind, a period, a release slug); "(non renseigné)" when unknown.' }),
    total: t.exposeInt('total', { description: 'Commitments in the group; the sum of the state counts.' }),
    counts: t.field({
      type: [StateCountRef],
      description: 'Count for every state, zeros included.',
      resolve: (row) => COMMITMENT_STATES.map((state) => ({ state, count: row.countsByState[state] })),
    }),
    publishedOnTime: t.int({ description: 'PUBLISHED_ON_TIME count.', resolve: (row) => row.countsByState.PUBLISHED_ON_TIME }),
    publishedLate: t.int({ description: 'PUBLISHED_LATE count.', resolve: (row) => row.countsByState.PUBLISHED_LATE }),
    publishedBeforeAnnouncement: t.int({
      description: 'PUBLISHED_BEFORE_ANNOUNCEMENT count.',
      resolve: (row) => row.countsByState.PUBLISHED_BEFORE_ANNOUNCEMENT,
    }),
    published: t.int({ description: 'PUBLISHED (no planned date) count.', resolve: (row) => row.countsByState.PUBLISHED }),
    pending: t.int({ description: 'PENDING count.', resolve: (row) => row.countsByState.PENDING }),
    overdue: t.int({ description: 'OVERDUE count.', resolve: (row) => row.countsByState.OVERDUE }),
    withdrawn: t.int({ description: 'WITHDRAWN count.', resolve: (row) => row.countsByState.WITHDRAWN }),
    unverifiable: t.int({ description: 'UNVERIFIABLE count.', resolve: (row) => row.countsByState.UNVERIFIABLE }),
    uncheckedSourceCode: t.int({ description: 'UNCHECKED_SOURCE_CODE count.', resolve: (row) => row.countsByState.UNCHECKED_SOURCE_CODE }),
    onTimeRate: t.exposeFloat('onTimeRate', {
      nullable: true,
      description:
        'On time / (on time + late + overdue): the share of promises kept among items held to a deadline; 0 when all are overdue, null when there are none.',
    }),
    publishedRate: t.exposeFloat('publishedRate', {
      nullable: true,
      description:
        'Published in any way / items that could be checked (all but unchecked source code and unverifiable); null when none could.',
    }),
    medianDaysLate: t.exposeFloat('medianDaysLate', { nullable: true, description: 'Median days late of the late ones; null when none.' }),
  }),
});

const RecordErrorRef = builder.objectRef<RecordError>('RecordError').implement({
  description: 'A commitment record (or tracking-table row) that could not be loaded, or a table row that vanished; every other record still loads.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The records file.' }),
    reason: t.exposeString('reason', { description: 'Machine-readable reason (`MISSING_FIELD`, `INVALID_FIELD`, `DUPLICATE_KEY`, `UNKNOWN_COLUMNS`, `VANISHED_ROW`...).' }),
    message: t.exposeString('message', { description: 'Human-readable explanation.' }),
    row: t.exposeInt('row', { nullable: true, description: '1-based record number in the file.' }),
    line: t.exposeInt('line', { nullable: true, description: '1-based line in the file, when known.' }),
    field: t.exposeString('field', { nullable: true, description: 'The field concerned.' }),
  }),
});

const CommitmentCoverageRef = builder.objectRef<CommitmentCoverage>('CommitmentCoverage').implement({
  description: 'How much of the announced list the commitment records cover, and where the rest would come from.',
  fields: (t) => ({
    announced: t.exposeInt('announced', { description: 'Items the founding release of 29 April 2021 announced (63).' }),
    known: t.exposeInt('known', { description: 'Commitments held, whatever their membership of the list: records plus tracking-table rows.' }),
    fromRecords: t.exposeInt('fromRecords', { description: 'Commitments from the project’s records (`source: LOCAL`).' }),
    fromTable: t.exposeInt('fromTable', {
      description: 'Commitments made from official tracking-table rows matching no record (`source: TRACKER`); 0 unless `COMMITMENT_SOURCES=local,tracker`.',
    }),
    confirmed: t.exposeInt('confirmed', { description: 'Records a source places in the announced list.' }),
    confirmedPrimary: t.int({ description: 'Confirmed by an official source.', resolve: (c) => c.byMembership.CONFIRMED_PRIMARY }),
    confirmedSecondary: t.int({ description: 'Confirmed by the press only.', resolve: (c) => c.byMembership.CONFIRMED_SECONDARY }),
    notConfirmed: t.int({ description: 'Seen in later tracking; membership not confirmed.', resolve: (c) => c.byMembership.NOT_CONFIRMED }),
    unknownMembership: t.int({ description: 'No source says either way.', resolve: (c) => c.byMembership.UNKNOWN }),
    unidentified: t.exposeInt('unidentified', { description: 'Announced items no record is confirmed to stand for.' }),
    withoutMinistry: t.exposeInt('withoutMinistry', {
      description:
        'Records with no ministry that could be sourced, neither named by the record, derived from its producer, nor read from the tracking table: the "(non renseigné)" group of `scoreboard(groupBy: MINISTRY)`.',
    }),
    ministryFromRecord: t.int({ description: 'Records whose ministry the record names (`ministryOrigin: RECORD`).', resolve: (c) => c.byMinistryOrigin.RECORD }),
    ministryFromProducer: t.int({
      description: 'Records whose ministry is derived from their producer’s ministry of tutelle (`ministryOrigin: PRODUCER`).',
      resolve: (c) => c.byMinistryOrigin.PRODUCER,
    }),
    ministryFromTable: t.int({
      description: 'Records whose ministry is read from the official tracking table’s row matched to them (`ministryOrigin: TRACKER`); 0 unless `COMMITMENT_SOURCES=local,tracker`.',
      resolve: (c) => c.byMinistryOrigin.TRACKER,
    }),
    note: t.exposeString('note', { description: 'The same in a French sentence, with where the rest would come from.' }),
  }),
});

/**
 * Every commitment's verdict: today's (recorded or judged once per request),
 * or, with `asOf`, the one recorded by the end of that day; a commitment with
 * no verdict recorded by then is absent.
 */
async function loadAllStatuses(context: GatewayContext, asOf?: string | null): Promise<Map<string, CommitmentStatus>> {
  if (asOf) {
    const recorded = await loadRecordedAsOf(context, asOf);
    return new Map([...recorded].map(([key, observation]) => [key, observation.verdict]));
  }
  const commitments = context.commitments.all();
  const statuses = await context.loaders.commitmentStatus.loadMany(commitments);
  const byKey = new Map<string, CommitmentStatus>();
  statuses.forEach((status, index) => {
    const commitment = commitments[index];
    if (commitment === undefined) return;
    if (status instanceof Error) throw status;
    byKey.set(commitment.key, status);
  });
  return byKey;
}

builder.queryFields((t) => ({
  commitments: t.connection(
    {
      type: CommitmentRef,
      description: 'The recorded commitments, with their verdicts on demand.',
      args: {
        filter: t.arg({ type: CommitmentFilter, description: 'Conditions on ministry, kind, state, release, list membership, deadline.' }),
        orderBy: t.arg({ type: CommitmentOrderEnum, description: 'Order; default KEY.' }),
        asOf: t.arg({
          type: 'Date',
          description:
            'See every verdict as recorded by the end of this Europe/Paris day (the `state` filter applies to those); a commitment with no verdict recorded by then has a null `status`.',
        }),
      },
      resolve: async (_root, args, context) => {
        const selection = args.filter ?? {};
        const statuses = needsStatus(selection) || args.asOf ? await loadAllStatuses(context, args.asOf) : new Map<string, CommitmentStatus>();
        const selected = selectCommitments(context.commitments.all(), selection, args.orderBy ?? 'KEY', (c) => statuses.get(c.key)).map((c) =>
          atDay(c, args.asOf),
        );
        return {
          ...resolveArrayConnection({ args: toConnectionArgs(args), defaultSize: 20, maxSize: 100 }, selected),
          totalCount: selected.length,
        };
      },
    },
    { name: 'CommitmentConnection', description: 'A page of commitments.' },
    { name: 'CommitmentEdge', description: 'A commitment in a page, with its cursor.' },
  ),
  commitment: t.field({
    type: CommitmentRef,
    nullable: true,
    description: 'One commitment by its key; null when there is none.',
    args: {
      key: t.arg.string({ required: true, description: 'Record key such as `c001`.' }),
      asOf: t.arg({ type: 'Date', description: 'See its verdict as recorded by the end of this Europe/Paris day.' }),
    },
    resolve: async (_root, args, context) => {
      const commitment = context.commitments.byKey(args.key);
      if (!commitment) return null;
      // Refuse a history read the store cannot answer here rather than as a null status.
      if (args.asOf) await loadRecordedAsOf(context, args.asOf);
      return atDay(commitment, args.asOf);
    },
  }),
  scoreboard: t.field({
    type: [ScoreboardRowRef],
    description:
      'Commitments counted by state, per group; every verdict is read (the latest recorded run, or judged now). With `asOf`, counts the verdicts recorded by the end of that day, leaving out commitments with none recorded by then.',
    args: {
      groupBy: t.arg({ type: ScoreboardGroupByEnum, required: true, description: 'Grouping.' }),
      asOf: t.arg({ type: 'Date', description: 'Count the verdicts as recorded by the end of this Europe/Paris day.' }),
    },
    resolve: async (_root, args, context) => {
      const statuses = await loadAllStatuses(context, args.asOf);
      const rows = context.commitments.all().flatMap((commitment) => {
        const status = statuses.get(commitment.key);
        return status ? [{ commitment, status }] : [];
      });
      return buildScoreboard(rows, args.groupBy);
    },
  }),
  commitmentCoverage: t.field({
    type: CommitmentCoverageRef,
    description: 'How many of the announced items are known, how many confirmed, and where the rest would come from.',
    resolve: (_root, _args, context) => summariseCoverage(context.commitments.all()),
  }),
  commitmentLoadErrors: t.field({
    type: [RecordErrorRef],
    description:
      'Commitment records skipped at start-up, then (with `COMMITMENT_SOURCES=local,tracker`) the official tracking table’s load errors: unknown columns (`UNKNOWN_COLUMNS`), rows not imported, and rows imported before that are no longer in the table (`VANISHED_ROW`).',
    resolve: (_root, _args, context) => context.commitments.loadErrors(),
  }),
}));
