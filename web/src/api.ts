import commitmentPageOperation from '../operations/CommitmentPage.graphql?raw';
import dashboardOperation from '../operations/Dashboard.graphql?raw';
import type { CommitmentPageData, CommitmentRow, DashboardData } from './types.js';

/** The page speaks only the public GraphQL API, with the operations kept in web/operations/. */
export const OPERATIONS = { Dashboard: dashboardOperation, CommitmentPage: commitmentPageOperation } as const;

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

export class ApiError extends Error {}

async function post<T>(query: string, variables: Record<string, unknown>): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("La passerelle ne répond pas : vérifiez qu'elle tourne, puis rechargez la page.");
  }
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLError[]; extensions?: { notice?: string } } | null;
  if (body === null || body.data === null || body.data === undefined) {
    const message = body?.errors?.map((e) => e.message).join(' ; ') ?? `réponse HTTP ${response.status}`;
    throw new ApiError(`La passerelle a refusé la requête : ${message}`);
  }
  return { data: body.data, errors: body.errors ?? [], notice: body.extensions?.notice ?? null };
}

/** The dashboard's data, every page of commitments included. */
export async function loadDashboard(): Promise<Answer<DashboardData>> {
  const first = await post<DashboardData>(OPERATIONS.Dashboard, {});
  const edges: { node: CommitmentRow }[] = [...first.data.commitments.edges];
  let pageInfo = first.data.commitments.pageInfo;
  const errors = [...first.errors];
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const next = await post<DashboardData>(OPERATIONS.Dashboard, { after: pageInfo.endCursor });
    edges.push(...next.data.commitments.edges);
    errors.push(...next.errors);
    pageInfo = next.data.commitments.pageInfo;
  }
  return { ...first, errors, data: { ...first.data, commitments: { ...first.data.commitments, edges, pageInfo } } };
}

export function loadCommitmentPage(key: string): Promise<Answer<CommitmentPageData>> {
  return post<CommitmentPageData>(OPERATIONS.CommitmentPage, { key });
}

/** A GraphiQL link that opens on the operation with its variables. */
export function toGraphiqlLink(operation: string, variables: Record<string, unknown> = {}): string {
  const params = new URLSearchParams({ query: operation });
  if (Object.keys(variables).length > 0) params.set('variables', JSON.stringify(variables));
  return `/graphql?${params}`;
}
