import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { buildScoreboard, type ScoreboardRow } from '../commitments/build-scoreboard.js';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { describeVerdict } from '../commitments/describe-verdict.js';
import type { Commitment, CommitmentStatus, MinistryOrigin } from '../commitments/model.js';
import { resolveDeadline } from '../commitments/resolve-commitment-status.js';
import { selectCommitments } from '../commitments/select-commitments.js';
import { toParisDay } from '../commitments/to-paris-day.js';
import { HistoryUnavailableError, isGatewayError } from '../errors/gateway-error.js';
import { selectChangeCommitments } from '../commitments/select-change-commitments.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { ChangeRecord } from '../store/verdict-store.js';
import { createUpstreamLoaders } from '../loaders/upstream-loaders.js';
import type { VerdictService } from '../verdicts/create-verdict-service.js';
import type { Announcement } from '../press-releases/announcement.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import { selectAnnouncements } from '../press-releases/select-announcements.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { ExportColumn, ExportProvenance } from './export-column.js';
import {
  parseAnnouncementExportQuery,
  parseCommitmentExportQuery,
  parseHistoryExportQuery,
  parseScoreboardExportQuery,
  type CsvFormat,
  type HistoryExportQuery,
} from './parse-export-query.js';
import { streamCsv, streamJson } from './stream-export.js';

type ExportName = 'commitments' | 'scoreboard' | 'announcements' | 'history';

/** Most changes one history export writes; past it, narrow by `since`, `commitment` or `kind`. */
const MAX_HISTORY_ROWS = 20_000;

export interface ExportDependencies {
  readonly pressReleases: PressReleaseStore;
  readonly commitments: CommitmentRegistry;
  readonly datagouv: DatagouvClient;
  /** code.gouv.fr's client, for source code; without it source code is UNCHECKED_SOURCE_CODE. */
  readonly codegouv?: CodegouvClient;
  /** The same verdicts as the GraphQL schema's: the recorded run, or the same judgement through the same memory. */
  readonly verdicts: VerdictService;
  readonly now: () => Date;
  /** The store of record behind `/export/history.*`; null: no history to export. */
  readonly store?: StoreAccess | null;
  /** Unexpected failures are logged with the reference given to the client. */
  readonly logger: Logger;
}

interface JudgedCommitment {
  readonly commitment: Commitment;
  readonly status: CommitmentStatus;
  readonly summary: string;
}

type Judged = JudgedCommitment & ExportProvenance;

/** Where a ministry comes from, as a reader of the export needs to know before quoting it. */
const MINISTRY_ORIGIN_LABELS: Readonly<Record<MinistryOrigin, string | null>> = {
  RECORD: 'nommé par le dossier',
  PRODUCER: 'déduit du producteur',
  TRACKER: 'tableau de suivi officiel',
  NONE: null,
};

const COMMITMENT_COLUMNS: readonly ExportColumn<Judged>[] = [
  { key: 'key', title: 'Clé', value: (r) => r.commitment.key },
  { key: 'title', title: 'Engagement', value: (r) => r.commitment.title },
  { key: 'kind', title: 'Type', value: (r) => r.commitment.kind },
  { key: 'ministry', title: 'Ministère', value: (r) => r.commitment.ministry },
  { key: 'ministryAsWritten', title: 'Ministère (libellé du dossier)', value: (r) => r.commitment.ministryAsWritten },
  { key: 'ministryOrigin', title: 'Origine du ministère', value: (r) => MINISTRY_ORIGIN_LABELS[r.commitment.ministryOrigin] },
  { key: 'ministrySource', title: 'Source du ministère', value: (r) => r.commitment.ministrySource },
  { key: 'producer', title: 'Producteur', value: (r) => r.commitment.producer },
  { key: 'plannedQuarter', title: 'Période annoncée', value: (r) => r.commitment.plannedPeriod.text },
  { key: 'dueDate', title: 'Échéance', value: (r) => resolveDeadline(r.commitment) },
  { key: 'announcedOn', title: "Date de l'annonce", value: (r) => r.commitment.announcedOn },
  {
    key: 'commitmentSource',
    title: "Source de l'engagement",
    value: (r) => (r.commitment.source === 'TRACKER' ? 'tableau officiel' : 'dossier'),
  },
  { key: 'state', title: 'État (code)', value: (r) => r.status.state },
  { key: 'summary', title: 'Verdict', value: (r) => r.summary },
  { key: 'firstPublishedAt', title: 'Première publication', value: (r) => r.status.firstPublishedAt },
  { key: 'firstPublicationSource', title: 'Source de la date (code)', value: (r) => r.status.firstPublication?.source ?? null },
  { key: 'firstPublicationUrl', title: 'Preuve de la date', value: (r) => r.status.firstPublication?.url ?? null },
  { key: 'firstPublicationExact', title: 'Date exacte (sinon borne haute)', value: (r) => r.status.firstPublication?.exact ?? null },
  { key: 'listedOnDatagouvAt', title: 'Référencé sur data.gouv.fr le', value: (r) => r.status.listedOnDatagouvAt },
  { key: 'daysLate', title: 'Jours de retard', value: (r) => r.status.daysLate },
  { key: 'daysOverdue', title: "Jours après l'échéance", value: (r) => r.status.daysOverdue },
  { key: 'confidence', title: 'Confiance', value: (r) => r.status.confidence },
  { key: 'datasetId', title: 'Jeu de données (id)', value: (r) => r.status.dataset?.id ?? null },
  { key: 'datasetUrl', title: 'Jeu de données (lien)', value: (r) => r.status.dataset?.webUrl ?? null },
  { key: 'dataserviceId', title: 'API (id)', value: (r) => r.status.dataservice?.id ?? null },
  { key: 'dataserviceUrl', title: 'API (lien)', value: (r) => r.status.dataservice?.webUrl ?? null },
  { key: 'repositoryUrl', title: 'Dépôt de code', value: (r) => r.status.repositoryUrl },
  { key: 'resourceCount', title: 'Fichiers', value: (r) => r.status.resourceCount },
  { key: 'formats', title: 'Formats', value: (r) => r.status.formats },
  { key: 'freshness', title: 'Fraîcheur (code)', value: (r) => r.status.freshness?.state ?? null },
  { key: 'checkedAt', title: 'Vérifié le', value: (r) => r.status.checkedAt },
  { key: 'stale', title: 'Constat ancien (data.gouv.fr injoignable)', value: (r) => r.status.stale },
  { key: 'source', title: 'Source des données', value: (r) => r.source },
  { key: 'generatedAt', title: 'Généré le', value: (r) => r.generatedAt },
];

type ScoreRow = ScoreboardRow & ExportProvenance & { readonly stale: boolean };

const SCOREBOARD_COLUMNS: readonly ExportColumn<ScoreRow>[] = [
  { key: 'key', title: 'Groupe', value: (r) => r.key },
  { key: 'total', title: 'Total', value: (r) => r.total },
  { key: 'publishedOnTime', title: "Publiés à l'heure", value: (r) => r.countsByState.PUBLISHED_ON_TIME },
  { key: 'publishedLate', title: 'Publiés en retard', value: (r) => r.countsByState.PUBLISHED_LATE },
  { key: 'publishedBeforeAnnouncement', title: "Publiés avant l'annonce", value: (r) => r.countsByState.PUBLISHED_BEFORE_ANNOUNCEMENT },
  { key: 'published', title: 'Publiés sans échéance', value: (r) => r.countsByState.PUBLISHED },
  { key: 'pending', title: 'En attente', value: (r) => r.countsByState.PENDING },
  { key: 'overdue', title: 'Échéance dépassée', value: (r) => r.countsByState.OVERDUE },
  { key: 'withdrawn', title: 'Retirés', value: (r) => r.countsByState.WITHDRAWN },
  { key: 'unverifiable', title: 'Invérifiables', value: (r) => r.countsByState.UNVERIFIABLE },
  { key: 'uncheckedSourceCode', title: 'Code source non vérifié', value: (r) => r.countsByState.UNCHECKED_SOURCE_CODE },
  { key: 'onTimeRate', title: "Taux à l'heure (à l'heure / à l'heure + en retard + échéance dépassée)", value: (r) => r.onTimeRate },
  { key: 'publishedRate', title: 'Part publiée (parmi les vérifiables)', value: (r) => r.publishedRate },
  { key: 'medianDaysLate', title: 'Retard médian (jours)', value: (r) => r.medianDaysLate },
  { key: 'stale', title: 'Constat ancien (data.gouv.fr injoignable)', value: (r) => r.stale },
  { key: 'source', title: 'Source des données', value: (r) => r.source },
  { key: 'generatedAt', title: 'Généré le', value: (r) => r.generatedAt },
];

type HistoryRow = ChangeRecord & ExportProvenance & { readonly title: string | null; readonly ministry: string | null };

const HISTORY_COLUMNS: readonly ExportColumn<HistoryRow>[] = [
  { key: 'at', title: 'Constaté le', value: (r) => r.at },
  { key: 'day', title: 'Jour (heure de Paris)', value: (r) => toParisDay(r.at) },
  { key: 'commitmentKey', title: 'Clé', value: (r) => r.commitmentKey },
  { key: 'title', title: 'Engagement', value: (r) => r.title },
  { key: 'ministry', title: 'Ministère', value: (r) => r.ministry },
  { key: 'kind', title: 'Changement (code)', value: (r) => r.kind },
  { key: 'sentence', title: 'Changement', value: (r) => r.sentence },
  { key: 'objectKind', title: "Type d'objet (code)", value: (r) => r.objectKind },
  { key: 'objectId', title: 'Objet data.gouv.fr (id)', value: (r) => r.objectId },
  { key: 'subject', title: 'Fichier concerné (id)', value: (r) => r.subject },
  { key: 'before', title: 'Avant', value: (r) => r.before },
  { key: 'after', title: 'Après', value: (r) => r.after },
  { key: 'changeId', title: 'Identifiant du changement', value: (r) => r.entryId },
  { key: 'runId', title: "Passe d'évaluation", value: (r) => r.runId },
  { key: 'source', title: 'Source des données', value: (r) => r.source },
  { key: 'generatedAt', title: 'Généré le', value: (r) => r.generatedAt },
];

type AnnouncementRow = Announcement & ExportProvenance;

const ANNOUNCEMENT_COLUMNS: readonly ExportColumn<AnnouncementRow>[] = [
  { key: 'slug', title: 'Identifiant', value: (r) => r.slug },
  { key: 'title', title: 'Titre', value: (r) => r.title },
  { key: 'publishedAt', title: 'Publié le', value: (r) => r.publishedAt },
  { key: 'collection', title: 'Collection', value: (r) => r.collection },
  { key: 'categories', title: 'Catégories', value: (r) => r.categories.join(', ') },
  { key: 'tags', title: 'Mots-clés', value: (r) => r.tags.join(', ') },
  { key: 'lede', title: 'Chapeau', value: (r) => r.ledeText },
  { key: 'datagouvLinks', title: 'Liens data.gouv.fr', value: (r) => r.datagouvLinks.length },
  { key: 'draft', title: 'Brouillon', value: (r) => r.draft },
  { key: 'sourcePath', title: 'Fichier source', value: (r) => r.sourcePath },
  { key: 'stale', title: 'Constat ancien (data.gouv.fr injoignable)', value: () => false },
  { key: 'source', title: 'Source des données', value: (r) => r.source },
  { key: 'generatedAt', title: 'Généré le', value: (r) => r.generatedAt },
];

/**
 * `GET /export/commitments.csv|.json`, `/export/scoreboard.csv|.json`,
 * `/export/announcements.csv|.json`. Returns false for any other path, so the
 * caller can hand the request on.
 */
export function createExportHandler(deps: ExportDependencies): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    const match = /^\/export\/(commitments|scoreboard|announcements|history)\.(csv|json)$/.exec(url.pathname);
    if (!url.pathname.startsWith('/export/')) return false;
    if (!match) {
      sendError(response, 404, 'NOT_FOUND', 'Export inconnu : /export/commitments.csv, /export/scoreboard.csv, /export/announcements.csv ou /export/history.csv (ou .json).');
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Les exports se lisent en GET.');
      return true;
    }
    const [, name, extension] = match as unknown as [string, ExportName, 'csv' | 'json'];
    const controller = new AbortController();
    const { signal } = controller;
    // Judging every commitment waits on many lookups at once, each listening to
    // this one signal (and removing its listener when done).
    setMaxListeners(0, signal);
    // The client went away: stop the upstream work done for it.
    response.on('close', () => controller.abort());
    void runExport(deps, name, extension, url.searchParams, response, signal).catch((error: unknown) => {
      if (isGatewayError(error) && error.code === 'BAD_USER_INPUT' && !response.headersSent) {
        return sendError(response, 400, error.code, error.message);
      }
      if (isGatewayError(error) && error.code === 'HISTORY_UNAVAILABLE' && !response.headersSent) {
        return sendError(response, 503, error.code, `Historique indisponible : ${error.message}`);
      }
      if (signal.aborted) return;
      const errorId = randomUUID();
      deps.logger.error({ errorId, err: error, path: url.pathname }, 'export failed');
      if (!response.headersSent) return sendError(response, 500, 'INTERNAL_SERVER_ERROR', `L'export a échoué (référence ${errorId}).`);
      // Mid-stream: the client sees a truncated file; closing the socket is the only honest signal left.
      response.destroy(error instanceof Error ? error : undefined);
    });
    return true;
  };
}

/** What one export writes, whatever its file format. */
interface ExportPlan<Row> {
  readonly format: CsvFormat;
  readonly columns: readonly ExportColumn<Row>[];
  readonly rows: readonly Row[];
  /** File name without day or extension. */
  readonly baseName: string;
  readonly source: string;
  /** The request as understood, echoed at the top of a JSON export. */
  readonly query: Readonly<Record<string, unknown>>;
}

async function runExport(
  deps: ExportDependencies,
  name: ExportName,
  extension: 'csv' | 'json',
  params: URLSearchParams,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const now = deps.now();
  const generatedAt = now.toISOString();
  const write = <Row>(plan: ExportPlan<Row>): Promise<void> => {
    const options = {
      columns: plan.columns,
      rows: plan.rows,
      baseName: plan.baseName,
      day: toParisDay(now) as string,
      headers: { 'x-data-source': plan.source, 'x-generated-at': generatedAt },
    };
    return extension === 'csv'
      ? streamCsv(response, plan.format, options)
      : streamJson(response, { generatedAt, source: plan.source, count: plan.rows.length, ...plan.query }, options);
  };

  // Each branch reads its whole query before any upstream call.
  if (name === 'announcements') {
    const query = parseAnnouncementExportQuery(params);
    const rows = selectAnnouncements(deps.pressReleases, query.selection).map((a) => ({ ...a, generatedAt, source: 'LOCAL' }));
    return write({ format: query.csv, columns: ANNOUNCEMENT_COLUMNS, rows, baseName: 'annonces', source: 'LOCAL', query: { filter: query.selection } });
  }
  if (name === 'history') {
    const query = parseHistoryExportQuery(params);
    const rows = await readChanges(deps, query);
    const source = deps.datagouv.source();
    return write({
      format: query.csv,
      columns: HISTORY_COLUMNS,
      rows: rows.map((change) => {
        const commitment = deps.commitments.byKey(change.commitmentKey);
        return { ...change, title: commitment?.title ?? null, ministry: commitment?.ministry ?? null, generatedAt, source };
      }),
      baseName: 'historique',
      source,
      query: { since: query.since, commitment: query.commitment, ministry: query.ministry, kind: query.kind },
    });
  }
  if (name === 'scoreboard') {
    const query = parseScoreboardExportQuery(params);
    const judged = await judgeAll(deps, signal);
    const source = deps.datagouv.source();
    // A group is stale when any of its verdicts is: the groups of the stale verdicts alone.
    const staleGroups = new Set(buildScoreboard(judged.filter((j) => j.status.stale), query.groupBy).map((row) => row.key));
    const rows = buildScoreboard(judged, query.groupBy).map((row) => ({ ...row, stale: staleGroups.has(row.key), generatedAt, source }));
    return write({ format: query.csv, columns: SCOREBOARD_COLUMNS, rows, baseName: 'tableau-de-bord', source, query: { groupBy: query.groupBy } });
  }
  const query = parseCommitmentExportQuery(params);
  // Every verdict is judged even without a state filter: the verdicts are the file's point.
  const judgedByKey = new Map((await judgeAll(deps, signal)).map((j) => [j.commitment.key, j]));
  const selected = selectCommitments(deps.commitments.all(), query.selection, query.order, (c) => judgedByKey.get(c.key)?.status);
  const source = deps.datagouv.source();
  const rows = selected.flatMap((commitment) => {
    const judged = judgedByKey.get(commitment.key);
    return judged ? [{ ...judged, generatedAt, source }] : [];
  });
  return write({
    format: query.csv,
    columns: COMMITMENT_COLUMNS,
    rows,
    baseName: 'engagements',
    source,
    query: { filter: query.selection, orderBy: query.order },
  });
}

/** The recorded changes a history export asks for, newest first, read page by page. */
async function readChanges(deps: ExportDependencies, query: HistoryExportQuery): Promise<ChangeRecord[]> {
  const store = deps.store;
  if (!store) throw new HistoryUnavailableError('this gateway runs without a store of record');
  const commitmentKeys = selectChangeCommitments(deps.commitments.all(), query);
  const since = query.since ? new Date(`${query.since}T00:00:00+01:00`).toISOString() : '1970-01-01T00:00:00.000Z';
  const rows: ChangeRecord[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.use((s) =>
      s.changes({
        since,
        first: 1_000,
        ...(commitmentKeys ? { commitmentKeys } : {}),
        ...(query.kind ? { kinds: [query.kind] } : {}),
        ...(beforeId !== undefined ? { beforeId } : {}),
      }),
    );
    rows.push(...page.items);
    if (!page.hasNextPage || rows.length >= MAX_HISTORY_ROWS) return rows.slice(0, MAX_HISTORY_ROWS);
    beforeId = page.items.at(-1)?.id;
  }
}

/** Every commitment's verdict through a fresh set of loaders, exactly as one GraphQL request would judge them. */
async function judgeAll(deps: ExportDependencies, signal: AbortSignal): Promise<JudgedCommitment[]> {
  const commitments = deps.commitments.all();
  const statuses = await deps.verdicts.forRequest(createUpstreamLoaders(deps.datagouv, signal, deps.codegouv));
  const now = deps.now();
  return commitments.map((commitment) => {
    const status = statuses.get(commitment.key);
    if (status === undefined) throw new Error(`no verdict for ${commitment.key}`);
    return { commitment, status, summary: describeVerdict(commitment, status, { now }) };
  });
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ error: { code, message } }));
}
