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
    throw new ApiError(`La passerelle a refusé la requête : ${message}`);
  }
  return { data: body.data, errors: body.errors ?? [], notice: body.extensions?.notice ?? null };
}

/** The dashboard's data, every page of commitments included. */
export async function loadDashboard(): Promise<Answer<DashboardData>> {
  const first = await ask<DashboardData>(OPERATIONS.Dashboard, {});
  const edges: { node: CommitmentRow }[] = [...first.data.commitments.edges];
  let pageInfo = first.data.commitments.pageInfo;
  const errors = [...first.errors];
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const next = await ask<DashboardData>(OPERATIONS.Dashboard, { after: pageInfo.endCursor });
    edges.push(...next.data.commitments.edges);
    errors.push(...next.errors);
    pageInfo = next.data.commitments.pageInfo;
  }
  return { ...first, errors, data: { ...first.data, commitments: { ...first.data.commitments, edges, pageInfo } } };
}

export function loadCommitmentPage(key: string): Promise<Answer<CommitmentPageData>> {
  return ask<CommitmentPageData>(OPERATIONS.CommitmentPage, { key });
}

/** A GraphiQL link that opens on the operation with its variables. */
export function toGraphiqlLink(operation: string, variables: Record<string, unknown> = {}): string {
  const params = new URLSearchParams({ query: operation });
  if (Object.keys(variables).length > 0) params.set('variables', JSON.stringify(variables));
  return `/graphql?${params}`;
}
