import { OPERATIONS, toGraphiqlLink, type HistoryAnswer } from './api.js';
import { countOf, createScoreboardChart, createTimelineChart, toTimelinePoints } from './charts.js';
import { h, replaceChildren, type Child } from './dom.js';
import { formatDay, formatDayTime, formatNumber, formatPercent } from './format.js';
import { HISTORY_UNAVAILABLE_TEXT, renderRecentChanges } from './history-sections.js';
import { KIND_LABELS, KINDS, STATE_COLORS, STATE_LABELS, STATES, type CommitmentState } from './labels.js';
import { stateBadge } from './state-badge.js';
import type { CommitmentRow, DashboardData, DashboardHistoryData, ScoreboardRow } from './types.js';
import { DEFAULT_VIEW, gapDays, parseDay, selectRows, toAsOfSearch, toExportSearch, type SortKey, type ViewState } from './view-state.js';

export interface DashboardHandlers {
  /**
   * A filter, the order or the day changed: the caller records it in the URL
   * and renders again (asking the API again when the day changed).
   */
  readonly onViewChange: (view: ViewState) => void;
}

/** What the page knows besides the verdicts. */
export interface DashboardContext {
  /** The store of record's answer: recent changes and the last run, or why there are none. */
  readonly history: HistoryAnswer<DashboardHistoryData>;
  /** Today in Europe/Paris (`YYYY-MM-DD`): the latest day one can pick. */
  readonly today: string;
}

/** The commitments that had no verdict recorded by the day the page is read as of. */
function unrecorded(rows: readonly CommitmentRow[]): CommitmentRow[] {
  return rows.filter((row) => row.status === null);
}

/** Sum of every scoreboard row, i.e. every commitment. */
function totals(rows: readonly ScoreboardRow[]): { total: number; byState: Record<CommitmentState, number> } {
  const byState = Object.fromEntries(STATES.map((state) => [state, rows.reduce((sum, row) => sum + countOf(row, state), 0)])) as Record<CommitmentState, number>;
  return { total: rows.reduce((sum, row) => sum + row.total, 0), byState };
}

/** The newest instant of a verdict's field (its check, or its recording): the date of the data. */
function newest(rows: readonly CommitmentRow[], field: 'checkedAt' | 'recordedAt'): string | null {
  return rows.reduce<string | null>((latest, row) => {
    const value = row.status?.[field] ?? null;
    return value !== null && (latest === null || value > latest) ? value : latest;
  }, null);
}

function renderHeadline(data: DashboardData, rows: readonly CommitmentRow[], asOf: string | null): HTMLElement {
  const { byState } = totals(data.scoreboard);
  // Every commitment, recorded or not by the chosen day (the scoreboard counts only the recorded ones).
  const total = rows.length;
  const missing = unrecorded(rows).length;
  const confirmed = rows.filter((row) => row.confirmedInList).length;
  const figure = (id: string, value: number, label: string, state?: CommitmentState) =>
    h('div', { class: 'figure', 'data-figure': id },
      h('dt', null, state ? h('span', { class: 'swatch', style: `background:${STATE_COLORS[state]}`, 'aria-hidden': 'true' }) : null, label),
      h('dd', null, formatNumber(value)));
  const checked = newest(rows, 'checkedAt');
  const recorded = newest(rows, 'recordedAt');
  return h('section', { 'aria-labelledby': 'en-bref' },
    h('h2', { id: 'en-bref' }, 'En bref'),
    h('dl', { class: 'figures' },
      figure('total', total, 'Engagements recensés'),
      figure('PUBLISHED_ON_TIME', byState.PUBLISHED_ON_TIME, "Publiés à l'heure", 'PUBLISHED_ON_TIME'),
      figure('PUBLISHED_LATE', byState.PUBLISHED_LATE, 'Publiés en retard', 'PUBLISHED_LATE'),
      figure('OVERDUE', byState.OVERDUE, 'Échéance dépassée, rien trouvé', 'OVERDUE'),
      figure('PENDING', byState.PENDING, 'En attente', 'PENDING'),
      figure('UNVERIFIABLE', byState.UNVERIFIABLE, 'Invérifiables', 'UNVERIFIABLE'),
      asOf ? figure('NO_RECORD', missing, 'Aucun verdict enregistré à cette date') : null,
    ),
    h('p', { class: 'figures-more' },
      `Aussi : ${formatNumber(byState.PUBLISHED_BEFORE_ANNOUNCEMENT)} déjà publiés avant l'annonce, `,
      `${formatNumber(byState.PUBLISHED)} publiés sans échéance annoncée, ${formatNumber(byState.WITHDRAWN)} retirés, `,
      `${formatNumber(byState.UNCHECKED_SOURCE_CODE)} codes sources non vérifiés (inventaire de code.gouv.fr illisible). `,
      `${formatNumber(confirmed)} des ${formatNumber(total)} engagements sont confirmés dans la liste des 63 annoncés le 29 avril 2021.`),
    asOf
      ? h('p', { class: 'data-date' }, recorded
          ? `Verdicts enregistrés au plus tard le ${formatDay(asOf)} ; le plus récent l'a été le ${formatDayTime(recorded)} (heure de Paris).`
          : `Aucun verdict n'était encore enregistré le ${formatDay(asOf)}.`)
      : h('p', { class: 'data-date' }, checked ? `Données data.gouv.fr vérifiées le ${formatDayTime(checked)} (heure de Paris).` : 'Aucune vérification encore faite.'),
  );
}

function renderScoreboard(rows: readonly ScoreboardRow[], width: number, asOf: string | null): HTMLElement {
  if (rows.length === 0) {
    return h('section', { 'aria-labelledby': 'par-ministere' },
      h('h2', { id: 'par-ministere' }, 'Par ministère'),
      h('p', null, asOf ? `Aucun verdict n'était enregistré le ${formatDay(asOf)} : rien à compter.` : 'Aucun engagement à compter.'));
  }
  const states = STATES.filter((state) => rows.some((row) => countOf(row, state) > 0));
  const worst = [...rows].sort((a, b) => b.overdue - a.overdue)[0];
  const caption =
    `Engagements par ministère et par état, ${rows.length} ministères. ` +
    (worst && worst.overdue > 0 ? `Le plus d'échéances dépassées : ${worst.key} (${worst.overdue}). ` : '') +
    'Les chiffres exacts sont dans le tableau qui suit.';
  return h('section', { 'aria-labelledby': 'par-ministere' },
    h('h2', { id: 'par-ministere' }, 'Par ministère'),
    h('figure', { class: 'chart', id: 'graphique-ministeres' },
      h('div', { role: 'img', 'aria-label': caption }, createScoreboardChart(rows, width)),
      h('figcaption', null, caption)),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'tableau-ministeres-titre', tabindex: '0' },
      h('table', { id: 'tableau-ministeres' },
        h('caption', { id: 'tableau-ministeres-titre' }, 'Tableau par ministère : nombre d\'engagements par état'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Ministère'),
          h('th', { scope: 'col', class: 'num' }, 'Total'),
          states.map((state) => h('th', { scope: 'col', class: 'num' }, STATE_LABELS[state])),
          h('th', { scope: 'col', class: 'num' }, "Taux à l'heure"),
          h('th', { scope: 'col', class: 'num' }, 'Retard médian (jours)'))),
        h('tbody', null, rows.map((row) => h('tr', null,
          h('th', { scope: 'row', title: row.key }, row.key),
          h('td', { class: 'num' }, formatNumber(row.total)),
          states.map((state) => h('td', { class: 'num' }, formatNumber(countOf(row, state)))),
          h('td', { class: 'num' }, formatPercent(row.onTimeRate)),
          h('td', { class: 'num' }, formatNumber(row.medianDaysLate)))))),
    ),
  );
}

function renderTimeline(rows: readonly CommitmentRow[], width: number, asOf: string | null): HTMLElement {
  // The end of the chosen Paris day, near enough for a chart drawn in years.
  const reference = asOf ? { at: new Date(`${asOf}T22:00:00Z`), label: `au ${formatDay(asOf)}` } : { at: new Date(), label: "aujourd'hui" };
  const points = toTimelinePoints(rows, reference.at);
  const late = rows.filter((row) => row.status?.state === 'PUBLISHED_LATE').length;
  const overdue = rows.filter((row) => row.status?.state === 'OVERDUE').length;
  const missing = unrecorded(rows).length;
  const heading = h('h2', { id: 'chronologie' }, 'Promesse et publication');
  if (points.length === 0) {
    return h('section', { 'aria-labelledby': 'chronologie' }, heading,
      h('p', null, asOf ? `Aucun verdict n'était enregistré le ${formatDay(asOf)} : rien à placer sur la frise.` : 'Aucun engagement daté.'));
  }
  const caption =
    `Échéance promise (cercle) et première publication (point) de ${points.length} engagements datés ; ` +
    `un trait va de l'échéance à la publication, ou jusqu'${asOf ? `au ${formatDay(asOf)}` : "à aujourd'hui"} quand rien n'est publié. ` +
    `${late} publiés en retard, ${overdue} toujours introuvables après l'échéance. ` +
    (missing > 0 ? `${missing} engagements sans verdict enregistré à cette date n'y figurent pas. ` : '') +
    'Le détail est dans le tableau des engagements.';
  return h('section', { 'aria-labelledby': 'chronologie' },
    heading,
    h('figure', { class: 'chart', id: 'graphique-chronologie' },
      h('div', { role: 'img', 'aria-label': caption }, createTimelineChart(points, width, reference)),
      h('figcaption', null, caption)),
  );
}

/**
 * The "à la date du" picker: a date and an explicit button, because a date
 * field fires a change for every digit typed and each change asks the API.
 */
function renderAsOfPicker(view: ViewState, context: DashboardContext, rows: readonly CommitmentRow[], change: (patch: Partial<ViewState>) => void): HTMLElement {
  const unavailable = context.history.kind === 'unavailable';
  const missing = unrecorded(rows).length;
  const statement: Child = view.asOf
    ? [h('strong', null, `Verdicts enregistrés au ${formatDay(view.asOf)}`),
        " : pour chaque engagement, le dernier verdict enregistré au plus tard ce jour-là (heure de Paris), et non celui d'aujourd'hui.",
        missing > 0 ? ` ${formatNumber(missing)} engagement${missing > 1 ? 's' : ''} sans verdict enregistré à cette date : le tableau l'indique pour chacun.` : '']
    : unavailable
      ? "Les verdicts affichés sont ceux d'aujourd'hui."
      : "Les verdicts affichés sont ceux d'aujourd'hui. Choisissez une date pour voir ceux qui étaient enregistrés ce jour-là.";
  return h('section', { 'aria-labelledby': 'date-des-verdicts', class: 'as-of' },
    h('h2', { id: 'date-des-verdicts' }, 'Date des verdicts'),
    h('p', { id: 'verdicts-date' }, statement),
    unavailable ? h('p', { class: 'note history-unavailable' }, HISTORY_UNAVAILABLE_TEXT, " Seuls les verdicts d'aujourd'hui peuvent être affichés.") : null,
    h('form', {
      class: 'filters', id: 'choix-date', 'aria-label': 'Date des verdicts',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const input = (event.currentTarget as HTMLFormElement).elements.namedItem('asOf') as HTMLInputElement;
        change({ asOf: parseDay(input.value) });
      },
    },
      h('fieldset', { class: 'plain', disabled: unavailable },
        h('legend', { class: 'visually-hidden' }, 'Date des verdicts'),
        h('div', { class: 'field field-date' },
          h('label', { for: 'date-verdicts' }, 'Voir les verdicts enregistrés à la date du'),
          h('input', { id: 'date-verdicts', name: 'asOf', type: 'date', value: view.asOf ?? '', max: context.today, required: true })),
        h('div', { class: 'field field-button' }, h('button', { type: 'submit', class: 'secondary' }, 'Afficher cette date')),
        view.asOf
          ? h('div', { class: 'field field-button' }, h('button', { type: 'button', class: 'secondary', id: 'revenir-aujourdhui', onclick: () => change({ asOf: null }) }, "Revenir à aujourd'hui"))
          : null)),
  );
}

const COLUMNS: readonly { key: SortKey | null; label: string; numeric?: boolean }[] = [
  { key: 'key', label: 'Clé' },
  { key: 'title', label: 'Engagement et verdict' },
  { key: 'ministry', label: 'Ministère' },
  { key: null, label: 'Type' },
  { key: 'dueDate', label: 'Échéance' },
  { key: 'state', label: 'État' },
  { key: 'days', label: 'Écart (jours)', numeric: true },
];

function renderFilters(rows: readonly CommitmentRow[], view: ViewState, change: (patch: Partial<ViewState>) => void): HTMLElement {
  const ministries = [...new Set(rows.map((row) => row.ministry).filter((m): m is string => m !== null))].sort((a, b) => a.localeCompare(b, 'fr'));
  const select = (id: string, label: string, value: string | null, options: readonly [string, string][], change: (value: string | null) => void) =>
    h('div', { class: 'field' },
      h('label', { for: id }, label),
      h('select', { id, name: id, onchange: (event: Event) => change((event.target as HTMLSelectElement).value || null) },
        h('option', { value: '' }, 'Tous'),
        options.map(([code, text]) => h('option', { value: code, selected: code === value }, text))));
  let searchTimer: number | undefined;
  return h('form', { class: 'filters', role: 'search', 'aria-label': 'Filtrer les engagements', onsubmit: (event: Event) => event.preventDefault() },
    select('filtre-ministere', 'Ministère', view.ministry, ministries.map((m) => [m, m]), (ministry) => change({ ministry })),
    select('filtre-type', 'Type', view.kind, KINDS.map((k) => [k, KIND_LABELS[k]]), (kind) => change({ kind: kind as ViewState['kind'] })),
    select('filtre-etat', 'État', view.state, STATES.map((s) => [s, STATE_LABELS[s]]), (state) => change({ state: state as ViewState['state'] })),
    h('div', { class: 'field field-wide' },
      h('label', { for: 'filtre-texte' }, 'Recherche'),
      h('input', {
        id: 'filtre-texte', name: 'q', type: 'search', value: view.q, placeholder: 'titre, ministère, producteur…', autocomplete: 'off',
        oninput: (event: Event) => {
          const q = (event.target as HTMLInputElement).value;
          window.clearTimeout(searchTimer);
          searchTimer = window.setTimeout(() => change({ q: q.trim() }), 250);
        },
      })),
    h('div', { class: 'field field-button' },
      // The filters only: the day is the picker's, and changing it asks the API again.
      h('button', { type: 'button', class: 'secondary', onclick: () => change({ ...DEFAULT_VIEW, asOf: view.asOf }) }, 'Tout afficher')),
  );
}

function renderTable(selected: readonly CommitmentRow[], view: ViewState, handlers: DashboardHandlers): HTMLElement {
  const header = (column: (typeof COLUMNS)[number]) => {
    const sorted = column.key !== null && view.sort === column.key;
    const ariaSort = sorted ? (view.dir === 'asc' ? 'ascending' : 'descending') : null;
    const content: Child = column.key === null
      ? column.label
      : h('button', {
          type: 'button',
          class: 'sort',
          'data-sort': column.key,
          onclick: () => handlers.onViewChange({ ...view, sort: column.key as SortKey, dir: sorted && view.dir === 'asc' ? 'desc' : 'asc' }),
        }, column.label, h('span', { 'aria-hidden': 'true', class: 'sort-mark' }, sorted ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'));
    return h('th', { scope: 'col', role: 'columnheader', 'aria-sort': ariaSort, class: column.numeric ? 'num' : null }, content);
  };
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'tableau-engagements-titre', tabindex: '0' },
    // Explicit roles: the phone layout shows rows as cards, and CSS display would otherwise drop the table semantics.
    h('table', { id: 'tableau-engagements', role: 'table' },
      h('caption', { id: 'tableau-engagements-titre' }, 'Engagements', h('span', { class: 'visually-hidden' }, ' ; les en-têtes de colonne trient le tableau')),
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, COLUMNS.map(header))),
      h('tbody', { role: 'rowgroup' },
        selected.length === 0
          ? h('tr', { role: 'row' }, h('td', { role: 'cell', colspan: String(COLUMNS.length) }, 'Aucun engagement ne correspond à ces filtres.'))
          : selected.map((row) => h('tr', { role: 'row', 'data-key': row.key },
              h('th', { scope: 'row', role: 'rowheader', class: 'cell-key' }, row.key),
              h('td', { role: 'cell', class: 'cell-title' },
                h('a', { href: `/engagements/${encodeURIComponent(row.key)}${toAsOfSearch(view.asOf)}`, 'data-route': '' }, row.title),
                row.source === 'TRACKER' ? [' ', h('span', { class: 'source-label', title: 'Ligne du tableau de suivi officiel sans fiche dans le dossier' }, 'tableau officiel')] : null,
                row.status
                  ? h('p', { class: 'verdict' }, row.status.summary, row.status.recordedAt ? h('span', { class: 'muted' }, ` (verdict enregistré le ${formatDay(row.status.recordedAt)})`) : null)
                  : null),
              h('td', { role: 'cell', 'data-label': 'Ministère' }, row.ministry ?? '—'),
              h('td', { role: 'cell', 'data-label': 'Type' }, KIND_LABELS[row.kind]),
              h('td', { role: 'cell', 'data-label': 'Échéance' }, formatDay(row.dueDate), row.plannedQuarter ? h('span', { class: 'muted' }, ` (${row.plannedQuarter})`) : null),
              h('td', { role: 'cell', 'data-label': 'État' }, row.status
                ? [stateBadge(row.status.state), row.status.stale ? h('span', { class: 'muted' }, ' (constat ancien)') : null]
                : h('span', { class: 'no-record' }, 'aucun verdict enregistré à cette date')),
              h('td', { role: 'cell', class: 'num', 'data-label': 'Écart (jours)' }, formatNumber(gapDays(row))))))));
}

function renderExports(view: ViewState): HTMLElement {
  const link = (href: string, text: string, hint: string) => h('li', null, h('a', { href, download: '' }, text), h('span', { class: 'muted' }, ` — ${hint}`));
  return h('section', { 'aria-labelledby': 'telecharger', class: 'exports' },
    h('h2', { id: 'telecharger' }, 'Télécharger'),
    h('p', null, "Fichiers CSV en UTF-8 avec BOM, une ligne par engagement, avec la date de génération et la source des données sur chaque ligne. Les filtres ministère, type et état de la vue s'appliquent."),
    view.q ? h('p', { class: 'note' }, 'La recherche libre ne s\'applique pas aux fichiers : ils suivent les seuls filtres ministère, type et état.') : null,
    view.asOf ? h('p', { class: 'note' }, `Les fichiers donnent les verdicts d'aujourd'hui, pas ceux enregistrés au ${formatDay(view.asOf)}.`) : null,
    h('ul', null,
      link(`/export/commitments.csv${toExportSearch(view)}`, 'Engagements de cette vue (CSV)', 'séparateur virgule'),
      link(`/export/commitments.csv${toExportSearch(view, { sep: ';' })}`, 'Engagements de cette vue (CSV pour tableur français)', 'séparateur point-virgule, décimales à virgule'),
      link(`/export/commitments.json${toExportSearch(view)}`, 'Engagements de cette vue (JSON)', 'pour les programmes'),
      link('/export/scoreboard.csv', 'Tableau par ministère (CSV)', 'tous les engagements'),
      link('/export/announcements.csv', 'Communiqués (CSV)', 'tous les communiqués chargés')));
}

export interface DashboardView {
  /** Shows another view (filters, order) without rebuilding the charts or the filter form. */
  update(view: ViewState): void;
}

/** Renders the dashboard for a view; its `asOf` is the day `data` was read as of. */
export function renderDashboard(main: HTMLElement, data: DashboardData, context: DashboardContext, initial: ViewState, handlers: DashboardHandlers): DashboardView {
  const rows = data.commitments.edges.map((edge) => edge.node);
  const width = Math.max(300, Math.min(main.clientWidth || 960, 1100));
  let view = initial;
  const change = (patch: Partial<ViewState>) => handlers.onViewChange({ ...view, ...patch });
  const filters = renderFilters(rows, view, change);
  const count = h('p', { id: 'compte', role: 'status' });
  const tableSlot = h('div');
  const exportsSlot = h('div');
  replaceChildren(main,
    h('h1', { tabindex: '-1' }, 'Tableau de bord des engagements'),
    renderAsOfPicker(view, context, rows, change),
    renderHeadline(data, rows, view.asOf),
    renderRecentChanges(context.history, view.asOf),
    renderScoreboard(data.scoreboard, width, view.asOf),
    renderTimeline(rows, width, view.asOf),
    h('section', { 'aria-labelledby': 'engagements' },
      h('h2', { id: 'engagements' }, 'Les engagements'),
      filters,
      count,
      tableSlot),
    exportsSlot,
    h('p', null, h('a', { href: toGraphiqlLink(OPERATIONS.Dashboard, view.asOf ? { asOf: view.asOf } : {}) }, 'Voir la requête de cette page dans GraphiQL')),
  );

  function update(next: ViewState): void {
    view = next;
    const selected = selectRows(rows, view);
    setControl('filtre-ministere', view.ministry ?? '');
    setControl('filtre-type', view.kind ?? '');
    setControl('filtre-etat', view.state ?? '');
    const search = document.getElementById('filtre-texte') as HTMLInputElement | null;
    if (search && document.activeElement !== search) search.value = view.q;
    count.textContent = `${formatNumber(selected.length)} engagement${selected.length > 1 ? 's' : ''} affiché${selected.length > 1 ? 's' : ''} sur ${formatNumber(rows.length)}.`;
    // Re-rendering replaces the sort buttons: give focus back to the one in use.
    const sortInUse = (document.activeElement as HTMLElement | null)?.dataset?.['sort'];
    replaceChildren(tableSlot, renderTable(selected, view, handlers));
    if (sortInUse) (tableSlot.querySelector(`button[data-sort="${sortInUse}"]`) as HTMLElement | null)?.focus();
    replaceChildren(exportsSlot, renderExports(view));
  }
  update(view);
  return { update };
}

function setControl(id: string, value: string): void {
  const control = document.getElementById(id) as HTMLSelectElement | null;
  if (control && control.value !== value) control.value = value;
}
