import { http, type RequestHandler } from 'msw';
import { loadCatalogue, type Catalogue } from './catalogue.js';
import { createEmulationControl } from './control/create-emulation-control.js';
import type { DatagouvHandlers, EmulationMode } from './control/emulation-control.js';
import { applyFault } from './faults/apply-fault.js';
import type { FaultPlan } from './faults/fault-plan.js';
import { FAULT_HEADER, FAULT_QUERY_PARAM, parseFault } from './faults/parse-fault.js';
import { CANONICAL_API_BASE, CANONICAL_STATIC_BASE } from './http/canonical-urls.js';
import { proxyPage } from './http/proxy-page.js';
import { createRouteContext } from './routes/create-route-context.js';
import { createDatasetListRoutes } from './routes/dataset-list-routes.js';
import { createDatasetRoutes } from './routes/dataset-routes.js';
import { createDataserviceRoutes } from './routes/dataservice-routes.js';
import { createMiscRoutes } from './routes/misc-routes.js';
import { createOrganizationRoutes } from './routes/organization-routes.js';
import type { Route } from './routes/route-context.js';
import { createStaticFileRoutes } from './routes/static-file-routes.js';

export interface DatagouvHandlersOptions {
  /**
   * API root the handlers answer on, no trailing slash. Default
   * `https://www.data.gouv.fr/api`. With another value (the loopback server
   * passes `http://127.0.0.1:<port>/api`), the API URLs inside payloads
   * (`uri`, `next_page`, v2 links, `latest`) point there too.
   */
  readonly baseUrl?: string;
  /**
   * Where hosted files are served, no trailing slash. Default
   * `https://static.data.gouv.fr` with the default `baseUrl`, else
   * `<origin of baseUrl>/static`. The real static host is always answered too.
   */
  readonly staticBaseUrl?: string;
  /** Data to serve. Default: `loadCatalogue()` (the bundled fixtures). */
  readonly catalogue?: Catalogue;
  /** Faults queued per path for tests; see `createFaultPlan`. Header and query switches win over it. */
  readonly faults?: FaultPlan;
  /** Clock for time-relative answers (search facet `last_update`, deletion dates). Default: the system clock. */
  readonly now?: () => Date;
  /** Mode to start in (and to go back to on `control.reset()`); see `EMULATION_MODES`. Default `normal`. */
  readonly mode?: EmulationMode;
}

function toStringParams(params: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) out[name] = typeof value === 'string' ? value : value.join('/');
  }
  return out;
}

/** udata's CORS for `/api/*`: `Vary: Origin` always, `Access-Control-Allow-Origin: *` only when an Origin was sent. */
function withApiHeaders(response: Response, request: Request): Response {
  if (response.type === 'error') return response;
  response.headers.set('Vary', 'Origin');
  if (request.headers.has('Origin')) response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
}

/**
 * msw request handlers emulating the data.gouv.fr API (v1 and v2 read
 * routes, trailing slashes as udata declares them) and its static file host,
 * over the bundled catalogue of real and synthetic records.
 *
 * The returned list carries `control` (see `EmulationControl`): switch the
 * whole emulation to `html-404` or `objects-404` with `control.setMode()`, and
 * delete or archive a dataset or dataservice at run time.
 *
 * Every route honours the fault switch: header `x-mock-fault` or query
 * parameter `__fault` (`429`, `429:<retry-after s>`, `502`, `503`, `slow`,
 * `slow:<total ms>`, `hang`, `reset`, `invalid-json`, `none`), else the next
 * fault queued in `options.faults` for the request's path.
 */
export function createDatagouvHandlers(options: DatagouvHandlersOptions = {}): DatagouvHandlers {
  const apiBase = (options.baseUrl ?? CANONICAL_API_BASE).replace(/\/+$/, '');
  const staticBase = (
    options.staticBaseUrl ?? (apiBase === CANONICAL_API_BASE ? CANONICAL_STATIC_BASE : `${new URL(apiBase).origin}/static`)
  ).replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const control = createEmulationControl(options.catalogue ?? loadCatalogue(), now, options.mode);
  const context = createRouteContext({ catalogue: () => control.catalogue, apiBase, staticBase, now });

  // Order matters: literal segments (`search/`, `r/<rid>`) before `:idOrSlug`.
  const routes: Route[] = [
    ...createDatasetListRoutes(context),
    ...createDatasetRoutes(context),
    ...createOrganizationRoutes(context),
    ...createDataserviceRoutes(context),
    ...createMiscRoutes(context),
    ...createStaticFileRoutes(context),
  ];

  const handlers: RequestHandler[] = routes.map((route) =>
    http.get(route.pattern, async ({ request, params }) => {
      const url = new URL(request.url);
      const queryFault = url.searchParams.get(FAULT_QUERY_PARAM);
      // Deleting re-serialises the query, so only touch it when the switch is there.
      if (queryFault !== null) url.searchParams.delete(FAULT_QUERY_PARAM);
      const raw = request.headers.get(FAULT_HEADER) ?? queryFault ?? options.faults?.take(url.pathname) ?? 'none';
      const fault = parseFault(raw);
      if (fault === null) {
        return withApiHeaders(context.json({ message: `Unknown mock fault "${raw}" (${FAULT_HEADER} / ${FAULT_QUERY_PARAM})` }, 400), request);
      }
      const isApi = route.pattern.startsWith(`${apiBase}/`);
      const response = await applyFault(fault, request, async () => {
        const input = { request, url, params: toStringParams(params) };
        if (isApi && control.mode === 'html-404') return htmlNotFound();
        if (control.mode === 'objects-404' && route.notFound !== undefined) return route.notFound(input);
        return route.resolve(input);
      });
      return markEmulated(isApi ? withApiHeaders(response, request) : response);
    }),
  );

  // In html-404 mode the paths no route declares answer the same page; otherwise they stay unhandled.
  handlers.push(
    http.get(`${apiBase}/*`, ({ request }) =>
      control.mode === 'html-404' ? markEmulated(withApiHeaders(htmlNotFound(), request)) : undefined,
    ),
  );

  // Preflight, as udata answers it: 204 echoing what the browser asks for.
  handlers.push(
    http.options(`${apiBase}/*`, ({ request }) => {
      const headers = new Headers({ Vary: 'Origin', 'Access-Control-Allow-Origin': '*' });
      const method = request.headers.get('Access-Control-Request-Method');
      const requested = request.headers.get('Access-Control-Request-Headers');
      if (method !== null) headers.set('Access-Control-Allow-Methods', method);
      if (requested !== null) headers.set('Access-Control-Allow-Headers', requested);
      return new Response(null, { status: 204, headers });
    }),
  );
  return Object.assign(handlers, { control });
}

/** What a wrong API root or a proxy in the way answers: an HTML 404, not udata's JSON. */
function htmlNotFound(): Response {
  return new Response(proxyPage(404, 'Not Found'), { status: 404, headers: { 'Content-Type': 'text/html' } });
}

/** The header the real API never sends, so a client can tell the emulation from data.gouv.fr. */
export const EMULATION_HEADER = 'X-Datagouv-Emulation';
const EMULATION_HEADER_VALUE = 'recorded and synthetic records; not the live data.gouv.fr API';

/** Marks an answer as coming from this emulation (network-error answers carry no headers). */
function markEmulated(response: Response): Response {
  // Network-error answers carry no headers; the others are edited in place so
  // their bodies (a trickling `slow` stream) stay untouched.
  if (response.type !== 'error') response.headers.set(EMULATION_HEADER, EMULATION_HEADER_VALUE);
  return response;
}
