import { http, type RequestHandler } from 'msw';
import { applyFault } from '../faults/apply-fault.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import { FAULT_HEADER, FAULT_QUERY_PARAM, parseFault } from '../faults/parse-fault.js';
import { proxyPage } from '../http/proxy-page.js';
import { EMULATED_REPOSITORIES, type EmulatedRepository } from './records.js';

/** Canonical roots of the real services, answered by default. */
export const CANONICAL_CODEGOUV_DATA_URL = 'https://code.gouv.fr/data';
export const CANONICAL_CODEGOUV_ECOSYSTEM_URL = 'https://data.code.gouv.fr/api/v1';

/**
 * How the emulation answers:
 * - `normal`: as code.gouv.fr does;
 * - `html-404`: every path answers an HTML 404, what a wrong base URL or a proxy gives;
 * - `inventory-down`: the inventory file answers 503 (the API still answers).
 */
export const CODEGOUV_EMULATION_MODES = ['normal', 'html-404', 'inventory-down'] as const;
export type CodegouvEmulationMode = (typeof CODEGOUV_EMULATION_MODES)[number];

export function parseCodegouvEmulationMode(raw: string): CodegouvEmulationMode | null {
  return (CODEGOUV_EMULATION_MODES as readonly string[]).includes(raw) ? (raw as CodegouvEmulationMode) : null;
}

/** Run-time switches of one emulation. */
export interface CodegouvEmulationControl {
  readonly mode: CodegouvEmulationMode;
  setMode(mode: CodegouvEmulationMode): void;
  /** Deletes a repository (by full name, any case): it leaves the inventory and the API answers its JSON 404. Throws RangeError when unknown. */
  deleteRepository(fullName: string): void;
  /** Back to the initial mode and every repository. */
  reset(): void;
}

export type CodegouvHandlers = RequestHandler[] & { readonly control: CodegouvEmulationControl };

export interface CodegouvHandlersOptions {
  /** Where the inventory is served, no trailing slash. Default `https://code.gouv.fr/data`. */
  readonly dataUrl?: string;
  /** The API root, no trailing slash. Default `https://data.code.gouv.fr/api/v1`. */
  readonly ecosystemUrl?: string;
  /** Repositories to serve. Default: the synthetic `EMULATED_REPOSITORIES`. */
  readonly repositories?: readonly EmulatedRepository[];
  /** Faults queued per path for tests; the header and query switches win over it. */
  readonly faults?: FaultPlan;
  readonly mode?: CodegouvEmulationMode;
}

/** The header the real services never send, so a client can tell the emulation from code.gouv.fr. */
export const CODEGOUV_EMULATION_HEADER = 'X-Codegouv-Emulation';
const EMULATION_HEADER_VALUE = 'synthetic repositories; not the live code.gouv.fr';

const PLATFORMS: Readonly<Record<EmulatedRepository['host'], string>> = { GitHub: 'github.com', 'gitlab.com': 'gitlab.com' };

function htmlUrlOf(repository: EmulatedRepository): string {
  return `https://${PLATFORMS[repository.host]}/${repository.fullName}`;
}

function ownerOf(repository: EmulatedRepository): string {
  return repository.fullName.split('/')[0] ?? repository.fullName;
}

/** A row of `codegouvfr-repositories.json`, with the writer's `""` for every missing value. */
function toInventoryRow(repository: EmulatedRepository): Record<string, unknown> {
  const platform = PLATFORMS[repository.host];
  return {
    'awesome-score': repository.fork || repository.archived ? 0 : 1_100,
    archived: repository.archived,
    contributing: false,
    description: repository.description ?? '',
    forks_count: repository.forksCount,
    full_name: repository.fullName,
    fork: repository.fork,
    language: repository.language ?? '',
    license: repository.license ?? '',
    repo_name: repository.fullName.split('/').pop() ?? repository.fullName,
    owner: `https://${platform}/${ownerOf(repository)}`,
    platform,
    publiccode: false,
    template: false,
    updated_at: repository.updatedAt,
    id: htmlUrlOf(repository),
  };
}

/** ecosyste.ms's `Repository` record (the fields its openapi lists, the ones the gateway reads filled). */
function toApiRepository(repository: EmulatedRepository, index: number, ecosystemUrl: string): Record<string, unknown> {
  const hostUrl = `${ecosystemUrl}/hosts/${repository.host}`;
  return {
    id: 900_000 + index,
    uuid: String(4_000_000 + index),
    full_name: repository.fullName,
    owner: ownerOf(repository),
    description: repository.description,
    archived: repository.archived,
    fork: repository.fork,
    pushed_at: repository.pushedAt,
    size: 1_024,
    stargazers_count: repository.forksCount * 3,
    open_issues_count: 0,
    forks_count: repository.forksCount,
    subscribers_count: 1,
    default_branch: 'main',
    last_synced_at: repository.updatedAt,
    topics: repository.topics,
    homepage: null,
    language: repository.language,
    has_issues: true,
    has_wiki: false,
    has_pages: false,
    mirror_url: null,
    source_name: repository.sourceName ?? null,
    license: repository.license,
    status: null,
    scm: 'git',
    created_at: repository.createdAt,
    updated_at: repository.updatedAt,
    html_url: htmlUrlOf(repository),
    template: false,
    host: { name: repository.host, url: `https://${PLATFORMS[repository.host]}`, kind: repository.host === 'GitHub' ? 'github' : 'gitlab' },
    repository_url: `${hostUrl}/repositories/${encodeURIComponent(repository.fullName)}`,
    owner_url: `${hostUrl}/owners/${ownerOf(repository)}`,
  };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

function htmlNotFound(): Response {
  return new Response(proxyPage(404, 'Not Found'), { status: 404, headers: { 'Content-Type': 'text/html' } });
}

/**
 * msw handlers emulating code.gouv.fr: its inventory file and the three
 * routes of its ecosyste.ms API the gateway reads (a repository, an
 * account's repositories), with ecosyste.ms's own answers: JSON 404s
 * (`{"error": "Repository not found"}`, `{"error": "not found"}` for an
 * unknown host or account) and a 301 to the canonical spelling of a
 * repository asked in another case. Every answer carries
 * `X-Codegouv-Emulation`; every route honours the fault switch of the
 * data.gouv.fr emulation (`x-mock-fault`, `?__fault=`, a fault plan).
 */
export function createCodegouvHandlers(options: CodegouvHandlersOptions = {}): CodegouvHandlers {
  const dataUrl = (options.dataUrl ?? CANONICAL_CODEGOUV_DATA_URL).replace(/\/+$/, '');
  const ecosystemUrl = (options.ecosystemUrl ?? CANONICAL_CODEGOUV_ECOSYSTEM_URL).replace(/\/+$/, '');
  const all = options.repositories ?? EMULATED_REPOSITORIES;
  const initialMode = options.mode ?? 'normal';
  let mode: CodegouvEmulationMode = initialMode;
  const deleted = new Set<string>();
  const live = (): { repository: EmulatedRepository; index: number }[] =>
    all.map((repository, index) => ({ repository, index })).filter(({ repository }) => !deleted.has(repository.fullName.toLowerCase()));

  const control: CodegouvEmulationControl = {
    get mode() {
      return mode;
    },
    setMode(next) {
      mode = next;
    },
    deleteRepository(fullName) {
      const key = fullName.toLowerCase();
      if (!all.some((repository) => repository.fullName.toLowerCase() === key)) throw new RangeError(`no emulated repository ${fullName}`);
      deleted.add(key);
    },
    reset() {
      mode = initialMode;
      deleted.clear();
    },
  };

  const inventory = (): Response => {
    if (mode === 'inventory-down') return new Response(proxyPage(503, 'Service Temporarily Unavailable'), { status: 503, headers: { 'Content-Type': 'text/html' } });
    return json(live().map(({ repository }) => toInventoryRow(repository)));
  };

  const api = (url: URL): Response => {
    const path = url.pathname.slice(new URL(ecosystemUrl).pathname.replace(/\/+$/, '').length);
    const match = /^\/hosts\/([^/]+)\/(repositories|owners)\/(.+)$/.exec(path);
    if (!match) return json({ error: 'not found' }, 404);
    const [, rawHost = '', kind, rest = ''] = match;
    const hostName = decodeURIComponent(rawHost);
    const hosts = [...new Set(all.map((repository) => repository.host))];
    const host = hosts.find((name) => name.toLowerCase() === hostName.toLowerCase());
    if (host === undefined) return json({ error: 'not found' }, 404);
    const onHost = live().filter(({ repository }) => repository.host === host);
    if (kind === 'repositories') {
      const fullName = decodeURIComponent(rest);
      const found = onHost.find(({ repository }) => repository.fullName.toLowerCase() === fullName.toLowerCase());
      if (!found) return json({ error: 'Repository not found' }, 404);
      if (found.repository.fullName !== fullName) {
        return new Response(null, { status: 301, headers: { Location: `${ecosystemUrl}/hosts/${host}/repositories/${found.repository.fullName}` } });
      }
      return json(toApiRepository(found.repository, found.index, ecosystemUrl));
    }
    const owner = /^([^/]+)\/repositories$/.exec(rest)?.[1];
    if (owner === undefined) return json({ error: 'not found' }, 404);
    const owned = onHost.filter(({ repository }) => ownerOf(repository).toLowerCase() === decodeURIComponent(owner).toLowerCase());
    if (owned.length === 0) return json({ error: 'not found' }, 404);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const perPage = Math.min(1_000, Math.max(1, Number(url.searchParams.get('per_page') ?? '30') || 30));
    return json(owned.slice((page - 1) * perPage, page * perPage).map(({ repository, index }) => toApiRepository(repository, index, ecosystemUrl)));
  };

  const serve = (respond: (url: URL) => Response) => async ({ request }: { request: Request }): Promise<Response> => {
    const url = new URL(request.url);
    const queryFault = url.searchParams.get(FAULT_QUERY_PARAM);
    if (queryFault !== null) url.searchParams.delete(FAULT_QUERY_PARAM);
    const raw = request.headers.get(FAULT_HEADER) ?? queryFault ?? options.faults?.take(url.pathname) ?? 'none';
    const fault = parseFault(raw);
    const response = fault === null
      ? json({ error: `Unknown mock fault "${raw}" (${FAULT_HEADER} / ${FAULT_QUERY_PARAM})` }, 400)
      : await applyFault(fault, request, async () => (mode === 'html-404' ? htmlNotFound() : respond(url)));
    if (response.type !== 'error') response.headers.set(CODEGOUV_EMULATION_HEADER, EMULATION_HEADER_VALUE);
    return response;
  };

  const handlers: RequestHandler[] = [
    http.get(`${dataUrl}/codegouvfr-repositories.json`, serve(inventory)),
    http.get(`${ecosystemUrl}/hosts/*`, serve(api)),
  ];
  return Object.assign(handlers, { control });
}
