import type { IncomingMessage, ServerResponse } from 'node:http';
import { Feed } from 'feed';
import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { selectChangeCommitments } from '../commitments/select-change-commitments.js';
import { isGatewayError } from '../errors/gateway-error.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { ChangeRecord } from '../store/verdict-store.js';

/** Entries a feed carries: the newest changes, enough for a reader polling daily. */
const FEED_ENTRIES = 50;
const KEY_PATTERN = /^[\w-]{1,64}$/;

export interface FeedDependencies {
  readonly commitments: CommitmentRegistry;
  readonly store: StoreAccess | null;
  readonly logger: Logger;
  /** `LIVE` or `MOCK`: a feed of demo data says so in its title. */
  readonly source: () => string;
}

/**
 * `GET /feeds/changes.atom`, narrowed by `?commitment=c015` or
 * `?ministry=…`: the latest recorded changes as Atom 1.0, French titles,
 * entry ids stable across requests (the change's own id) and links to the
 * commitment pages. Returns false for any other path.
 */
export function createFeedHandler(deps: FeedDependencies): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    if (!url.pathname.startsWith('/feeds/')) return false;
    if (url.pathname !== '/feeds/changes.atom') {
      sendText(response, 404, 'Flux inconnu : /feeds/changes.atom (?commitment=c015 ou ?ministry=…).');
      return true;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendText(response, 405, 'Les flux se lisent en GET.');
      return true;
    }
    const commitment = url.searchParams.get('commitment');
    const ministry = url.searchParams.get('ministry');
    if (commitment !== null && (!KEY_PATTERN.test(commitment) || !deps.commitments.byKey(commitment))) {
      sendText(response, 404, `Aucun engagement de clé « ${commitment.slice(0, 64)} ».`);
      return true;
    }
    if (ministry !== null && (ministry.trim() === '' || ministry.length > 200)) {
      sendText(response, 400, 'Le paramètre ministry doit contenir entre 1 et 200 caractères.');
      return true;
    }
    void writeFeed(deps, request, response, { commitment, ministry }).catch((error: unknown) => {
      if (isGatewayError(error) && error.code === 'HISTORY_UNAVAILABLE') {
        return sendText(response, 503, `Historique indisponible : ${error.message}`, { 'retry-after': '60' });
      }
      deps.logger.error({ err: error }, 'feed failed');
      if (!response.headersSent) sendText(response, 500, 'Le flux a échoué.');
    });
    return true;
  };
}

async function writeFeed(
  deps: FeedDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  filter: { readonly commitment: string | null; readonly ministry: string | null },
): Promise<void> {
  if (deps.store === null) {
    sendText(response, 503, 'Historique indisponible : cette passerelle fonctionne sans base d’historique.');
    return;
  }
  const commitmentKeys = selectChangeCommitments(deps.commitments.all(), filter);
  const page = await deps.store.use((store) =>
    store.changes({ since: '1970-01-01T00:00:00.000Z', first: FEED_ENTRIES, ...(commitmentKeys ? { commitmentKeys } : {}) }),
  );
  const origin = toOrigin(request);
  const self = `${origin}${request.url ?? '/feeds/changes.atom'}`;
  const scope = filter.commitment
    ? `engagement ${filter.commitment} (« ${deps.commitments.byKey(filter.commitment)?.title ?? filter.commitment} »)`
    : filter.ministry
      ? `ministère « ${filter.ministry} »`
      : 'tous les engagements';
  const demo = deps.source() === 'MOCK' ? ' — données de démonstration' : '';
  const feed = new Feed({
    id: `${origin}/feeds/changes.atom${filter.commitment ? `?commitment=${filter.commitment}` : filter.ministry ? `?ministry=${encodeURIComponent(filter.ministry)}` : ''}`,
    title: `Changements des engagements d’ouverture de données — ${scope}${demo}`,
    description: 'Ce qui a changé sur data.gouv.fr pour les engagements d’ouverture annoncés par le gouvernement, tel que la passerelle l’a constaté.',
    link: filter.commitment ? `${origin}/engagements/${filter.commitment}` : `${origin}/`,
    language: 'fr',
    updated: new Date(page.items[0]?.at ?? '1970-01-01T00:00:00.000Z'),
    copyright: 'Constats de la passerelle, réutilisables librement',
    feedLinks: { atom: self },
    author: { name: 'Passerelle des engagements d’ouverture de données' },
  });
  for (const change of page.items) feed.addItem(toEntry(change, origin, deps.commitments));
  const body = feed.atom1();
  response.writeHead(200, {
    'content-type': 'application/atom+xml; charset=utf-8',
    'cache-control': 'no-cache',
    'x-data-source': deps.source(),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function toEntry(change: ChangeRecord, origin: string, commitments: CommitmentRegistry) {
  const commitment = commitments.byKey(change.commitmentKey);
  const link = `${origin}/engagements/${encodeURIComponent(change.commitmentKey)}`;
  return {
    id: `urn:engagements-ouverture:changement:${change.entryId}`,
    title: change.sentence,
    link,
    date: new Date(change.at),
    description: change.sentence,
    content: `${change.sentence} (${commitment ? `engagement ${commitment.key} : ${commitment.title}${commitment.source === 'TRACKER' ? ', repris du tableau de suivi officiel' : ''}` : `engagement ${change.commitmentKey}`} ; type de changement ${change.kind}${change.before !== null ? ` ; avant : ${change.before}` : ''}${change.after !== null ? ` ; après : ${change.after}` : ''}.)`,
  };
}

/** The origin the reader used, for absolute links in the feed. */
function toOrigin(request: IncomingMessage): string {
  const host = typeof request.headers.host === 'string' && /^[\w.-]+(:\d{1,5})?$|^\[[\d:a-f]+\](:\d{1,5})?$/i.test(request.headers.host) ? request.headers.host : 'localhost';
  const proto = request.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(`${text}\n`);
}
