import { COMMITMENT_STATES, type Commitment, type CommitmentState } from '../commitments/model.js';
import { STATE_LABELS_FR } from '../commitments/state-labels.js';
import { formatFrenchDate } from '../commitments/describe-verdict.js';
import type { ChangeRecord, ObservationRecord, RunRecord } from '../store/verdict-store.js';
import { builder } from './builder.js';
import { UpstreamSourceEnum } from './upstream-source.js';
import { CommitmentRef, CommitmentStateEnum, CommitmentStatusRef } from './commitment-type.js';

export const ChangeKindEnum = builder.enumType('ChangeKind', {
  description: 'What a recorded change is about.',
  values: {
    STATE_CHANGED: { description: 'The verdict’s state changed (pending to overdue, found, withdrawn...).' },
    OBJECT_FOUND: { description: 'A data.gouv.fr object was found for a commitment that had none.' },
    OBJECT_LOST: { description: 'The commitment no longer resolves to the object it had (without it being withdrawn).' },
    OBJECT_RECREATED: { description: 'The commitment now resolves to another object: re-created under a new id, or replaced.' },
    SLUG_CHANGED: { description: 'The object’s slug (its address on data.gouv.fr) changed.' },
    TITLE_CHANGED: { description: 'The object’s title changed.' },
    LICENSE_CHANGED: { description: 'The object’s licence changed.' },
    FILE_ADDED: { description: 'A file was added to the dataset.' },
    FILE_REMOVED: { description: 'A file was removed from the dataset.' },
    FILE_CHANGED: { description: 'A file’s address, format, checksum or modification date changed.' },
  } as const,
});

export const RecordedObjectKindEnum = builder.enumType('RecordedObjectKind', {
  description: 'Which data.gouv.fr catalogue a recorded object belongs to.',
  values: {
    DATASET: { description: 'A dataset.' },
    DATASERVICE: { description: 'A dataservice (API).' },
  } as const,
});

interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange').implement({
  description: 'One field of a recorded verdict that differs from the observation before it.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The field (`state`, `objectId`, `firstPublishedAt`, `stale`...).' }),
    before: t.exposeString('before', { nullable: true, description: 'Its value before; null when it had none.' }),
    after: t.exposeString('after', { nullable: true, description: 'Its value in this observation; null when it has none.' }),
  }),
});

/** An observation with the one recorded before it, which its changes are measured against. */
export interface ObservationView {
  readonly commitment: Commitment;
  readonly observation: ObservationRecord;
  readonly previous: ObservationRecord | null;
}

const OBSERVED_FIELDS: readonly (readonly [string, (o: ObservationRecord) => string | null])[] = [
  ['state', (o) => o.state],
  ['firstPublishedAt', (o) => o.firstPublishedAt],
  ['firstPublicationSource', (o) => o.firstPublicationSource],
  ['objectKind', (o) => o.objectKind],
  ['objectId', (o) => o.objectId],
  ['objectSlug', (o) => o.objectSlug],
  ['confidence', (o) => o.confidence.toFixed(2)],
  ['stale', (o) => String(o.stale)],
  ['held', (o) => String(o.held)],
];

function diffObservations(view: ObservationView): FieldChange[] {
  return OBSERVED_FIELDS.flatMap(([field, read]) => {
    const before = view.previous ? read(view.previous) : null;
    const after = read(view.observation);
    return view.previous === null || before !== after ? [{ field, before, after }] : [];
  });
}

export const VerdictObservationRef = builder.objectRef<ObservationView>('VerdictObservation').implement({
  description: 'A verdict on a commitment as recorded when it changed; it held until the next observation.',
  fields: (t) => ({
    observedAt: t.field({ type: 'DateTime', description: 'When it was recorded (the end of the evaluation run).', resolve: (v) => v.observation.observedAt }),
    day: t.field({
      type: 'Date',
      description: 'The Europe/Paris day it was recorded.',
      resolve: (v) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(v.observation.observedAt)),
    }),
    runId: t.int({ description: 'The evaluation run that recorded it.', resolve: (v) => v.observation.runId }),
    state: t.field({ type: CommitmentStateEnum, description: 'The state recorded.', resolve: (v) => v.observation.state as CommitmentState }),
    firstPublishedAt: t.string({ nullable: true, description: 'First publication recorded (instant or day).', resolve: (v) => v.observation.firstPublishedAt }),
    firstPublicationSource: t.string({
      nullable: true,
      description: 'Where that date came from (`RECORD`, `DATASET`, `RESOURCE`, `DATASERVICE_LISTING`).',
      resolve: (v) => v.observation.firstPublicationSource,
    }),
    objectKind: t.field({ type: RecordedObjectKindEnum, nullable: true, description: 'Catalogue of the resolved object.', resolve: (v) => v.observation.objectKind }),
    objectId: t.string({ nullable: true, description: 'data.gouv.fr id of the resolved object.', resolve: (v) => v.observation.objectId }),
    objectSlug: t.string({ nullable: true, description: 'Its slug then.', resolve: (v) => v.observation.objectSlug }),
    confidence: t.float({ description: 'Confidence recorded, in [0, 1].', resolve: (v) => v.observation.confidence }),
    stale: t.boolean({ description: 'True when it was an earlier verdict kept through an outage.', resolve: (v) => v.observation.stale }),
    held: t.boolean({ description: 'True when the mass-disappearance guard held a new verdict back.', resolve: (v) => v.observation.held }),
    evidenceDigest: t.string({
      description: 'Digest of the kinds and places of the evidence: equal digests mean the same kinds of facts from the same places.',
      resolve: (v) => v.observation.evidenceDigest,
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description: 'What differs from the observation before; every field for the first one.',
      resolve: diffObservations,
    }),
    sentence: t.string({
      description: 'The observation in a French sentence.',
      resolve: (v) => {
        const day = formatFrenchDate(v.observation.observedAt) ?? v.observation.observedAt;
        const state = STATE_LABELS_FR[v.observation.state as CommitmentState] ?? v.observation.state;
        if (v.previous === null) return `Premier verdict enregistré le ${day} : ${state}.`;
        const before = STATE_LABELS_FR[v.previous.state as CommitmentState] ?? v.previous.state;
        const outage = v.observation.stale || v.observation.held ? ' (verdict antérieur conservé pendant une panne de data.gouv.fr)' : '';
        return before === state ? `Verdict précisé le ${day} : ${state}${outage}.` : `Le ${day}, le verdict passe de « ${before} » à « ${state} »${outage}.`;
      },
    }),
    verdict: t.field({
      type: CommitmentStatusRef,
      description: 'The whole verdict as recorded, evidence included.',
      resolve: (v) => ({ ...v.observation.verdict, commitment: v.commitment, recordedAt: v.observation.observedAt }),
    }),
  }),
});

export const ChangeRef = builder.objectRef<ChangeRecord>('Change').implement({
  description: 'Something that changed on data.gouv.fr for a commitment, as an evaluation run recorded it.',
  fields: (t) => ({
    id: t.string({ description: 'Stable id of the change (the Atom entry id).', resolve: (c) => c.entryId }),
    at: t.field({ type: 'DateTime', description: 'When the run that saw it finished.', resolve: (c) => c.at }),
    kind: t.field({ type: ChangeKindEnum, description: 'What changed.', resolve: (c) => c.kind }),
    commitmentKey: t.exposeString('commitmentKey', { description: 'Key of the commitment concerned.' }),
    commitment: t.field({
      type: CommitmentRef,
      nullable: true,
      description: 'The commitment concerned; null when its record is no longer loaded.',
      resolve: (c, _args, context) => context.commitments.byKey(c.commitmentKey) ?? null,
    }),
    objectKind: t.field({ type: RecordedObjectKindEnum, nullable: true, description: 'Catalogue of the object concerned.', resolve: (c) => c.objectKind }),
    objectId: t.exposeString('objectId', { nullable: true, description: 'data.gouv.fr id of the object concerned.' }),
    subject: t.exposeString('subject', { nullable: true, description: 'What inside the object changed (a file id), when not the object itself.' }),
    before: t.exposeString('before', { nullable: true, description: 'The value before (a state, a slug, a licence, a file URL).' }),
    after: t.exposeString('after', { nullable: true, description: 'The value after.' }),
    sentence: t.exposeString('sentence', { description: 'The change in a French sentence, dated in Europe/Paris days.' }),
  }),
});

interface StateCountView {
  readonly state: CommitmentState;
  readonly count: number;
}

const RunStateCountRef = builder.objectRef<StateCountView>('RunStateCount').implement({
  description: 'How many commitments a run left in one state.',
  fields: (t) => ({
    state: t.field({ type: CommitmentStateEnum, description: 'The state.', resolve: (c) => c.state }),
    count: t.exposeInt('count', { description: 'Number of commitments.' }),
  }),
});

export const EvaluationRunRef = builder.objectRef<RunRecord>('EvaluationRun').implement({
  description: 'One evaluation of every commitment, recorded once complete.',
  fields: (t) => ({
    id: t.exposeInt('id', { description: 'Its number in the store.' }),
    startedAt: t.field({ type: 'DateTime', description: 'When it started.', resolve: (r) => r.startedAt }),
    finishedAt: t.field({ type: 'DateTime', description: 'When it finished: the time of its observations and changes.', resolve: (r) => r.finishedAt }),
    durationMs: t.exposeInt('durationMs', { description: 'How long it took, in ms.' }),
    upstreamState: t.exposeString('upstreamState', { description: 'data.gouv.fr as the run saw it: `USABLE`, `UNUSABLE` or `UNKNOWN`.' }),
    upstreamReason: t.exposeString('upstreamReason', { nullable: true, description: 'Why data.gouv.fr was unusable, when it was.' }),
    source: t.field({
      type: UpstreamSourceEnum,
      description: 'Where its data came from: the live data.gouv.fr, or the demo’s emulation (never served as live).',
      resolve: (r) => (r.source === 'MOCK' ? 'MOCK' : 'LIVE'),
    }),
    commitmentCount: t.exposeInt('commitmentCount', { description: 'Commitments evaluated.' }),
    complete: t.exposeBoolean('complete', {
      description: 'True when every verdict rested on fresh evidence (none stale, held, unverifiable or unchecked).',
    }),
    observationsWritten: t.exposeInt('observationsWritten', { description: 'Verdicts that changed and were recorded.' }),
    changesWritten: t.exposeInt('changesWritten', { description: 'Changes recorded.' }),
    counts: t.field({
      type: [RunStateCountRef],
      description: 'Commitments per state after this run, zeros included.',
      resolve: (r) => COMMITMENT_STATES.map((state) => ({ state, count: r.counts[state] ?? 0 })),
    }),
  }),
});
