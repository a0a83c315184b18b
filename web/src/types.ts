import type { CommitmentKind, CommitmentState } from './labels.js';

/** Shapes of the answers to web/operations/*.graphql. */

export interface ScoreboardRow {
  key: string;
  total: number;
  publishedOnTime: number;
  publishedLate: number;
  publishedBeforeAnnouncement: number;
  published: number;
  pending: number;
  overdue: number;
  withdrawn: number;
  unverifiable: number;
  uncheckedSourceCode: number;
  onTimeRate: number | null;
  medianDaysLate: number | null;
}

export interface CommitmentRow {
  key: string;
  /** TRACKER: a row of the official tracking table matching no record. */
  source: 'LOCAL' | 'TRACKER';
  title: string;
  kind: CommitmentKind;
  ministry: string | null;
  producer: string | null;
  plannedQuarter: string | null;
  dueDate: string | null;
  confirmedInList: boolean;
  /** Null only when read `asOf` a day before any verdict was recorded for it. */
  status: null | {
    state: CommitmentState;
    summary: string;
    firstPublishedAt: string | null;
    daysLate: number | null;
    daysOverdue: number | null;
    checkedAt: string;
    stale: boolean;
    /** When a verdict read `asOf` was recorded; null for today's. */
    recordedAt: string | null;
  };
}

export interface DashboardData {
  upstreamStatus: { source: 'LIVE' | 'MOCK'; breakerState: string };
  scoreboard: ScoreboardRow[];
  commitments: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: CommitmentRow }[];
  };
}

export interface Evidence {
  kind: string;
  detail: string;
  url?: string | null;
}

export interface FirstPublication {
  day: string;
  source: 'RECORD' | 'DATASET' | 'RESOURCE' | 'DATASERVICE_LISTING' | 'REPOSITORY_CREATED';
  url: string | null;
  exact: boolean;
}

export interface CommitmentPageData {
  upstreamStatus: { source: 'LIVE' | 'MOCK' };
  commitment: null | {
    key: string;
    source: 'LOCAL' | 'TRACKER';
    title: string;
    kind: CommitmentKind;
    ministry: string | null;
    ministryAsWritten: string | null;
    producer: string | null;
    plannedQuarter: string | null;
    dueDate: string | null;
    announcedOn: string | null;
    confirmedInList: boolean;
    membership: string;
    sources: string[];
    notes: string | null;
    plannedPeriod: { text: string | null; end: string | null; parseError: string | null; postponedTo: { text: string; end: string | null } | null };
    horizon: { text: string | null; end: string | null } | null;
    announcement: { slug: string; title: string; publishedAt: string | null } | null;
    officialStatus: null | {
      title: string;
      openingStatus: string | null;
      openingStatusCode: string | null;
      estimatedDate: string | null;
      link: string | null;
      sourceUrl: string;
      synthetic: boolean;
      sourceLabel: string;
      row: number;
      fetchedAt: string;
      stale: boolean;
    };
    status: {
      state: CommitmentState;
      summary: string;
      confidence: number;
      firstPublishedAt: string | null;
      firstPublication: FirstPublication | null;
      listedOnDatagouvAt: string | null;
      daysLate: number | null;
      daysOverdue: number | null;
      checkedAt: string | null;
      stale: boolean;
      repositoryUrl: string | null;
      resourceCount: number | null;
      formats: string[];
      documentationOnly: boolean | null;
      evidence: Evidence[];
      freshness: { state: string; lastUpdate: string | null; expectedNextUpdate: string | null; frequency: string | null } | null;
      dataset: null | {
        id: string;
        title: string | null;
        url: string | null;
        createdAt: string | null;
        lastUpdate: string | null;
        frequency: string | null;
        organization: { name: string | null } | null;
        resources: null | {
          totalCount: number;
          edges: { node: { id: string; title: string | null; format: string | null; url: string | null; filesize: number | null; lastModified: string | null } }[];
        };
      };
      dataservice: null | {
        id: string;
        title: string | null;
        url: string | null;
        createdAt: string | null;
        baseApiUrl: string | null;
        documentationUrl: string | null;
        organization: { name: string | null } | null;
      };
      repository: null | {
        fullName: string;
        url: string;
        ownerUrl: string;
        description: string | null;
        createdAt: string | null;
        archived: boolean | null;
        fork: boolean | null;
        license: string | null;
        source: 'LIVE' | 'MOCK';
      };
      candidates: {
        score: number;
        dataset: { title: string | null; url: string | null } | null;
        dataservice: { title: string | null; url: string | null } | null;
        repository: { fullName: string; url: string } | null;
        evidence: Evidence[];
      }[];
    };
  };
}

export interface EvaluationRun {
  id: number;
  finishedAt: string;
  complete: boolean;
  /** `USABLE`, `UNUSABLE` or `UNKNOWN`. */
  upstreamState: string;
}

export interface RecordedChange {
  id: string;
  kind: string;
  at: string;
  commitmentKey: string;
  commitment: { key: string; title: string } | null;
  sentence: string;
}

export interface DashboardHistoryData {
  latestEvaluationRun: EvaluationRun | null;
  changes: { totalCount: number; edges: { node: RecordedChange }[] };
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export interface VerdictObservation {
  observedAt: string;
  /** The Europe/Paris day it was recorded, `YYYY-MM-DD`. */
  day: string;
  state: CommitmentState;
  sentence: string;
  stale: boolean;
  held: boolean;
  verdict: { summary: string };
  changes: FieldChange[];
}

export interface CommitmentHistoryData {
  commitment: null | {
    key: string;
    history: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: VerdictObservation }[] };
  };
}
