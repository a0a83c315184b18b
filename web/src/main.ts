import './styles.css';
import { ApiError, HISTORY_UNAVAILABLE, loadCommitmentHistory, loadCommitmentPage, loadDashboard, loadDashboardHistory, OPERATIONS, toGraphiqlLink, type Answer, type HistoryAnswer } from './api.js';
import { renderCommitmentPage } from './commitment-page.js';
import { renderDashboard, type DashboardView } from './dashboard-page.js';
import { h, replaceChildren, type Child } from './dom.js';
import { formatDay, parisToday } from './format.js';
import type { DashboardData, DashboardHistoryData } from './types.js';
import { parseDay, parseViewState, toSearch, type ViewState } from './view-state.js';

/*
 * A two-page application: `/` (the dashboard, its view in the query string)
 * and `/engagements/<key>`. Links marked `data-route` change page without a
 * reload; every URL also works when opened directly (the gateway serves this
 * page for both paths).
 */

const main = document.getElementById('contenu') as HTMLElement;
const banners = document.getElementById('bannieres') as HTMLElement;
const footer = document.getElementById('pied') as HTMLElement;

const COMMITMENT_PATH = /^\/engagements\/([\w-]{1,64})\/?$/;

/** The dashboard's data for one day (`''`: today); only the last one is kept, for the way back from a commitment. */
let dashboard: { readonly asOf: string; readonly answer: Promise<Answer<DashboardData>> } | null = null;
/** Asked once per visit: the changes are the latest whatever the day shown. */
let dashboardHistory: Promise<HistoryAnswer<DashboardHistoryData>> | null = null;
/** The dashboard view last shown, for the commitment pages' way back. */
let lastDashboardUrl = '/';
let dashboardView: DashboardView | null = null;
/** The day the dashboard is drawn for, to tell a change of filters from a change of day. */
let shownAsOf: string | null = null;

/** `notices`: what must be said about this page in particular (the day of its verdicts). */
function showBanners(source: 'LIVE' | 'MOCK', stale: boolean, errors: number, notices: readonly Child[] = []): void {
  replaceChildren(banners,
    notices,
    source === 'MOCK'
      ? h('p', { class: 'banner banner-demo', id: 'banniere-demo' }, h('strong', null, 'Données de démonstration. '),
          "Les données data.gouv.fr et code.gouv.fr affichées viennent d'une émulation locale (réponses réelles enregistrées et fiches synthétiques), pas des services en direct.")
      : null,
    stale
      ? h('p', { class: 'banner banner-stale', id: 'banniere-ancienne' }, h('strong', null, 'Données anciennes. '),
          "data.gouv.fr n'a pas pu être interrogé à nouveau : certains verdicts reposent sur un constat antérieur, signalé « constat ancien ».")
      : null,
    errors > 0
      ? h('p', { class: 'banner banner-stale' }, h('strong', null, 'Réponse incomplète. '), `${errors} information(s) n'ont pas pu être obtenues de data.gouv.fr.`)
      : null,
  );
}

function showError(error: unknown): void {
  replaceChildren(main,
    h('h1', { tabindex: '-1' }, 'Impossible de charger les données'),
    h('p', null, error instanceof ApiError ? error.message : "Une erreur inattendue s'est produite ; rechargez la page."));
  console.error(error);
}

function onViewChange(view: ViewState): void {
  lastDashboardUrl = `/${toSearch(view)}`;
  history.replaceState(null, '', lastDashboardUrl);
  if (view.asOf === shownAsOf) {
    dashboardView?.update(view);
    return;
  }
  // Another day: other verdicts, figures and charts, all drawn again. Focus comes back to the
  // control the reader used, or to the date when that control is gone (back to today).
  const used = document.activeElement?.id;
  void route(false).then(() => {
    ((used ? document.getElementById(used) : null) ?? document.getElementById('date-verdicts'))?.focus();
  });
}

function loadDashboardFor(asOf: string | null): Promise<Answer<DashboardData>> {
  if (dashboard?.asOf !== (asOf ?? '')) {
    const answer = loadDashboard(asOf);
    dashboard = { asOf: asOf ?? '', answer };
    // A failed load is not kept: the next visit asks again.
    answer.catch(() => {
      if (dashboard?.answer === answer) dashboard = null;
    });
  }
  return dashboard.answer;
}

function asOfBanner(asOf: string): HTMLElement {
  return h('p', { class: 'banner banner-asof', id: 'banniere-date' },
    h('strong', null, `Verdicts enregistrés au ${formatDay(asOf)}. `),
    "Les états, chiffres et graphiques de cette page sont ceux enregistrés au plus tard ce jour-là (heure de Paris), pas ceux d'aujourd'hui.");
}

function asOfRefusedBanner(asOf: string): HTMLElement {
  return h('p', { class: 'banner banner-stale', id: 'banniere-date' },
    h('strong', null, 'Historique indisponible. '),
    `Les verdicts enregistrés au ${formatDay(asOf)} ne peuvent pas être affichés : voici ceux d'aujourd'hui.`);
}

/** The way back from a commitment's page: the view the reader left, at the day this page was opened for. */
function backToDashboard(asOf: string | null): string {
  const left = parseViewState(new URL(lastDashboardUrl, location.origin).search);
  return left.asOf === asOf ? lastDashboardUrl : `/${toSearch({ ...left, asOf })}`;
}

async function route(focus: boolean): Promise<void> {
  const match = COMMITMENT_PATH.exec(location.pathname);
  dashboardView = null;
  // The old page stays on screen while the new one loads (another day can take a moment).
  main.setAttribute('aria-busy', 'true');
  try {
    if (match) {
      const key = decodeURIComponent(match[1] as string);
      const asOf = parseDay(new URLSearchParams(location.search).get('asOf'));
      document.title = `Engagement ${key} — engagements d'ouverture de données`;
      const [answer, recorded] = await Promise.all([loadCommitmentPage(key), loadCommitmentHistory(key)]);
      showBanners(answer.data.upstreamStatus.source, answer.data.commitment?.status.stale ?? false, 0);
      renderCommitmentPage(main, answer.data, key, answer.errors, { backTo: backToDashboard(asOf), history: recorded, asOf });
      if (answer.data.commitment) document.title = `${answer.data.commitment.title} — engagements d'ouverture de données`;
    } else {
      document.title = "Engagements d'ouverture de données : tableau de bord";
      let view = parseViewState(location.search);
      dashboardHistory ??= loadDashboardHistory();
      let refused: string | null = null;
      let answer: Answer<DashboardData>;
      try {
        answer = await loadDashboardFor(view.asOf);
      } catch (error) {
        if (!(view.asOf && error instanceof ApiError && error.codes.includes(HISTORY_UNAVAILABLE))) throw error;
        // Without history no past day can be shown: today's verdicts, said so, rather than no page.
        refused = view.asOf;
        view = { ...view, asOf: null };
        history.replaceState(null, '', `/${toSearch(view)}`);
        answer = await loadDashboardFor(null);
      }
      const recorded = await dashboardHistory;
      const rows = answer.data.commitments.edges;
      // A past day's verdicts say nothing of data.gouv.fr now; their own stale flags are on their rows.
      const stale = !view.asOf && (answer.data.upstreamStatus.breakerState !== 'CLOSED' || rows.some((edge) => edge.node.status?.stale));
      showBanners(answer.data.upstreamStatus.source, stale, answer.errors.length,
        [view.asOf ? asOfBanner(view.asOf) : null, refused ? asOfRefusedBanner(refused) : null]);
      lastDashboardUrl = `/${toSearch(view)}`;
      shownAsOf = view.asOf;
      dashboardView = renderDashboard(main, answer.data, { history: recorded, today: parisToday() }, view, { onViewChange });
    }
    if (focus) (main.querySelector('h1') as HTMLElement | null)?.focus();
  } catch (error) {
    showError(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-route]') as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  window.scrollTo(0, 0);
  void route(true);
});

window.addEventListener('popstate', () => void route(true));

replaceChildren(footer,
  h('h2', { class: 'footer-title' }, 'Pour aller plus loin'),
  h('ul', null,
    h('li', null, h('a', { href: '/graphql' }, 'Explorateur GraphQL (GraphiQL)'), ' : les requêtes d\'exemple y sont commentées en français.'),
    h('li', null, 'Requêtes prêtes à l\'emploi : ',
      h('a', { href: toGraphiqlLink(OPERATIONS.Dashboard) }, 'celle de ce tableau de bord'), ', ',
      h('a', { href: toGraphiqlLink('{\n  scoreboard(groupBy: MINISTRY) {\n    key total publishedOnTime publishedLate overdue onTimeRate medianDaysLate\n  }\n}\n') }, 'les ministères en retard'), ', ',
      h('a', { href: toGraphiqlLink('query ($state: CommitmentState) {\n  commitments(filter: { state: $state }, first: 100) {\n    totalCount\n    edges { node { key title ministry status { summary daysOverdue } } }\n  }\n}\n', { state: 'OVERDUE' }) }, 'les échéances dépassées'), '.'),
    h('li', null, 'Exports : ', h('code', null, '/export/commitments.csv'), ', ', h('code', null, '/export/scoreboard.csv'), ', ', h('code', null, '/export/announcements.csv'),
      ' (ou .json), avec les filtres de l\'API en paramètres (', h('code', null, '?kind=API&state=OVERDUE'), ') et ', h('code', null, 'sep=;'), ' pour un tableur français.')),
  h('p', { class: 'muted' }, 'Verdicts calculés à partir du catalogue data.gouv.fr et des communiqués de numerique.gouv.fr. Site indépendant, sans lien avec l\'administration.'),
);

void route(false);
