import './styles.css';
import { ApiError, loadCommitmentPage, loadDashboard, OPERATIONS, toGraphiqlLink, type Answer } from './api.js';
import { renderCommitmentPage } from './commitment-page.js';
import { renderDashboard, type DashboardView } from './dashboard-page.js';
import { h, replaceChildren } from './dom.js';
import type { DashboardData } from './types.js';
import { parseViewState, toSearch, type ViewState } from './view-state.js';

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

let dashboard: Promise<Answer<DashboardData>> | null = null;
/** The dashboard view last shown, for the commitment pages' way back. */
let lastDashboardUrl = '/';
let dashboardView: DashboardView | null = null;

function showBanners(source: 'LIVE' | 'MOCK', stale: boolean, errors: number): void {
  replaceChildren(banners,
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
  dashboardView?.update(view);
}

async function route(focus: boolean): Promise<void> {
  const match = COMMITMENT_PATH.exec(location.pathname);
  dashboardView = null;
  try {
    if (match) {
      const key = decodeURIComponent(match[1] as string);
      document.title = `Engagement ${key} — engagements d'ouverture de données`;
      const answer = await loadCommitmentPage(key);
      showBanners(answer.data.upstreamStatus.source, answer.data.commitment?.status.stale ?? false, 0);
      renderCommitmentPage(main, answer.data, key, answer.errors, lastDashboardUrl);
      if (answer.data.commitment) document.title = `${answer.data.commitment.title} — engagements d'ouverture de données`;
    } else {
      document.title = "Engagements d'ouverture de données : tableau de bord";
      dashboard ??= loadDashboard();
      const answer = await dashboard.catch((error: unknown) => {
        dashboard = null;
        throw error;
      });
      const rows = answer.data.commitments.edges;
      const stale = answer.data.upstreamStatus.breakerState !== 'CLOSED' || rows.some((edge) => edge.node.status.stale);
      showBanners(answer.data.upstreamStatus.source, stale, answer.errors.length);
      const view = parseViewState(location.search);
      lastDashboardUrl = `/${toSearch(view)}`;
      dashboardView = renderDashboard(main, answer.data, view, { onViewChange });
    }
    if (focus) (main.querySelector('h1') as HTMLElement | null)?.focus();
  } catch (error) {
    showError(error);
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
