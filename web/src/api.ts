import commitmentHistoryOperation from '../operations/CommitmentHistory.graphql?raw';
import commitmentPageOperation from '../operations/CommitmentPage.graphql?raw';
import dashboardHistoryOperation from '../operations/DashboardHistory.graphql?raw';
import dashboardOperation from '../operations/Dashboard.graphql?raw';
import type { CommitmentHistoryData, CommitmentPageData, CommitmentRow, DashboardData, DashboardHistoryData } from './types.js';

/** The page speaks only the public GraphQL API, with the operations kept in web/operations/. */
export const OPERATIONS = {
  Dashboard: dashboardOperation,
  DashboardHistory: dashboardHistoryOperation,
  CommitmentPage: commitmentPageOperation,
  CommitmentHistory: commitmentHistoryOperation,
} as const;

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export interface Answer<T> {
  data: T;
  /** Errors on some fields; the rest of `data` is still good. */
  errors: GraphQLError[];
  notice: string | null;
}

export class ApiError extends Error {
  /** The `extensions.code` of the errors that emptied the answer, to tell a missing history from a failure. */
  readonly codes: readonly string[];

  constructor(message: string, codes: readonly string[] = []) {
    super(message);
    this.codes = codes;
  }
}

/** The store of record's own code: this gateway has no history, or cannot read it now. */
export const HISTORY_UNAVAILABLE = 'HISTORY_UNAVAILABLE';

export function isHistoryUnavailable(errors: readonly Pick<GraphQLError, 'extensions'>[]): boolean {
  return errors.some((error) => error.extensions?.code === HISTORY_UNAVAILABLE);
}

/**
 * Asks by GET: the page's operations are queries, and a GET answer is what the
 * gateway's response cache keeps and revalidates with ETag (304), so repeated
 * visits and polling cost next to nothing.
 */
async function ask<T>(query: string, variables: Record<string, unknown>): Promise<Answer<T>> {
  let response: Response;
  const params = new URLSearchParams({ query });
  if (Object.keys(variables).length > 0) params.set('variables', JSON.stringify(variables));
  try {
    response = await fetch(`/graphql?${params}`, {
      headers: { accept: 'application/graphql-response+json, application/json' },
    });
  } catch {
    throw new ApiError("La passerelle ne répond pas : vérifiez qu'elle tourne, puis rechargez la page.");
  }
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLError[]; extensions?: { notice?: string } } | null;
  if (body === null || body.data === null || body.data === undefined) {
    const message = body?.errors?.map((e) => e.message).join(' ; ') ?? `réponse HTTP ${response.status}`;
    const codes = (body?.errors ?? []).flatMap((e) => (e.extensions?.code ? [e.extensions.code] : []));
    throw new ApiError(`La passerelle a refusé la requête : ${message}`, codes);
  }
  return { data: body.data, errors: body.errors ?? [], notice: body.extensions?.notice ?? null };
}

/**
 * The dashboard's data, every page of commitments included; with `asOf`
 * (`YYYY-MM-DD`), the verdicts recorded by the end of that day.
 */
export async function loadDashboard(asOf: string | null = null): Promise<Answer<DashboardData>> {
  const dated = asOf ? { asOf } : {};
  const first = await ask<DashboardData>(OPERATIONS.Dashboard, dated);
  const edges: { node: CommitmentRow }[] = [...first.data.commitments.edges];
  let pageInfo = first.data.commitments.pageInfo;
  const errors = [...first.errors];
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const next = await ask<DashboardData>(OPERATIONS.Dashboard, { after: pageInfo.endCursor, ...dated });
    edges.push(...next.data.commitments.edges);
    errors.push(...next.errors);
    pageInfo = next.data.commitments.pageInfo;
  }
  return { ...first, errors, data: { ...first.data, commitments: { ...first.data.commitments, edges, pageInfo } } };
}

export function loadCommitmentPage(key: string): Promise<Answer<CommitmentPageData>> {
  return ask<CommitmentPageData>(OPERATIONS.CommitmentPage, { key });
}

/**
 * What the store of record answered: its data, or that this gateway has no
 * history (HISTORY_UNAVAILABLE), or that it could not be read. Never thrown:
 * the rest of the page does not depend on it.
 */
export type HistoryAnswer<T> =
  | { readonly kind: 'ok'; readonly data: T }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'failed'; readonly message: string };

async function askHistory<T>(query: string, variables: Record<string, unknown>, isEmptied: (data: T) => boolean): Promise<HistoryAnswer<T>> {
  try {
    const answer = await ask<T>(query, variables);
    if (isHistoryUnavailable(answer.errors)) return { kind: 'unavailable' };
    if (answer.errors.length > 0 && isEmptied(answer.data)) return { kind: 'failed', message: answer.errors.map((e) => e.message).join(' ; ') };
    return { kind: 'ok', data: answer.data };
  } catch (error) {
    if (error instanceof ApiError && error.codes.includes(HISTORY_UNAVAILABLE)) return { kind: 'unavailable' };
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The latest recorded changes and evaluation run, for the home page. */
export function loadDashboardHistory(): Promise<HistoryAnswer<DashboardHistoryData>> {
  return askHistory<DashboardHistoryData>(OPERATIONS.DashboardHistory, {}, () => false);
}

/** A commitment's recorded verdicts, newest first. */
export function loadCommitmentHistory(key: string): Promise<HistoryAnswer<CommitmentHistoryData>> {
  // A failing history field empties its commitment (the connection is non-null).
  return askHistory<CommitmentHistoryData>(OPERATIONS.CommitmentHistory, { key }, (data) => data.commitment === null);
}

/** A GraphiQL link that opens on the operation with its variables. */
export function toGraphiqlLink(operation: string, variables: Record<string, unknown> = {}): string {
  const params = new URLSearchParams({ query: operation });
  if (Object.keys(variables).length > 0) params.set('variables', JSON.stringify(variables));
  return `/graphql?${params}`;
}
