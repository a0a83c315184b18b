import type { HistoryAnswer } from './api.js';
import { append, h, type Child } from './dom.js';
import { formatDay, formatDayTime, formatNumber, formatPercent } from './format.js';
import { FIRST_PUBLICATION_SOURCES, RECORDED_FIELD_LABELS, RECORDED_OBJECT_KIND_LABELS, STATE_COLORS, STATE_LABELS, type CommitmentState } from './labels.js';
import { stateBadge } from './state-badge.js';
import type { CommitmentHistoryData, DashboardHistoryData, EvaluationRun, FieldChange, VerdictObservation } from './types.js';
import { toAsOfSearch } from './view-state.js';

/** The same sentence wherever the store of record cannot be read, so that readers learn it once. */
export const HISTORY_UNAVAILABLE_TEXT =
  "Historique indisponible : cette passerelle ne garde pas la mémoire des vérifications passées, ou ne peut pas la lire en ce moment. Le reste de la page n'en dépend pas.";

function historyProblem(answer: Exclude<HistoryAnswer<unknown>, { kind: 'ok' }>): HTMLElement {
  return answer.kind === 'unavailable'
    ? h('p', { class: 'note history-unavailable', role: 'status' }, HISTORY_UNAVAILABLE_TEXT)
    : h('p', { class: 'note', role: 'status' }, `L'historique n'a pas pu être chargé : ${answer.message}`);
}

/** "Dernière vérification : …", with what made it incomplete when it was. */
function lastRun(run: EvaluationRun | null): HTMLElement {
  if (run === null) return h('p', { id: 'derniere-verification' }, "Dernière vérification : aucune enregistrée pour l'instant.");
  const caveats: string[] = [];
  if (run.upstreamState === 'UNUSABLE') caveats.push('data.gouv.fr était inutilisable, les verdicts précédents ont été conservés');
  else if (!run.complete) caveats.push("incomplète : certains verdicts reposent sur un constat ancien, ont été retenus ou n'ont pas pu être vérifiés");
  return h('p', { id: 'derniere-verification' },
    h('strong', null, 'Dernière vérification : '),
    h('time', { datetime: run.finishedAt }, formatDayTime(run.finishedAt)),
    ' (heure de Paris)',
    caveats.length > 0 ? h('span', { class: 'caveat' }, ` — ${caveats.join(' ; ')}`) : null,
    '.');
}

/**
 * The home page's "Derniers changements": when the evaluation last ran and
 * the latest recorded changes, each linked to its commitment's page.
 * `asOf`: the day the rest of the page shows, carried by the links.
 */
export function renderRecentChanges(answer: HistoryAnswer<DashboardHistoryData>, asOf: string | null): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'changements', id: 'derniers-changements' }, h('h2', { id: 'changements' }, 'Derniers changements'));
  if (answer.kind !== 'ok') {
    section.append(historyProblem(answer));
    return section;
  }
  const { latestEvaluationRun: run, changes } = answer.data;
  const items = changes.edges.map((edge) => edge.node);
  append(section, [
    lastRun(run),
    asOf ? h('p', { class: 'muted' }, 'Les changements les plus récents, quelle que soit la date choisie plus haut.') : null,
    items.length === 0
      ? h('p', { id: 'aucun-changement' }, run ? 'Aucun changement enregistré depuis la première vérification.' : "Aucun changement enregistré pour l'instant.")
      : h('ol', { class: 'changes' }, items.map((change) => h('li', { 'data-change-kind': change.kind, 'data-key': change.commitmentKey },
          h('p', { class: 'change-head' },
            h('time', { datetime: change.at }, formatDay(change.at)),
            ' — ',
            h('a', { href: `/engagements/${encodeURIComponent(change.commitmentKey)}${toAsOfSearch(asOf)}`, 'data-route': '' },
              change.commitment?.title ?? change.commitmentKey),
            h('span', { class: 'muted' }, ` (${change.commitmentKey})`)),
          h('p', { class: 'change-sentence' }, change.sentence)))),
    changes.totalCount > items.length
      ? h('p', { class: 'muted' }, `Les ${formatNumber(items.length)} plus récents sur ${formatNumber(changes.totalCount)} changements enregistrés.`)
      : null,
  ]);
  return section;
}

const YES_NO: Readonly<Record<string, string>> = { true: 'oui', false: 'non' };

function formatRecordedValue(field: string, value: string | null): string {
  if (value === null) return 'aucune valeur';
  switch (field) {
    case 'state': return STATE_LABELS[value as CommitmentState] ?? value;
    case 'firstPublishedAt': return formatDay(value);
    case 'firstPublicationSource': return FIRST_PUBLICATION_SOURCES[value] ?? value;
    case 'objectKind': return RECORDED_OBJECT_KIND_LABELS[value] ?? value;
    case 'confidence': return formatPercent(Number(value));
    case 'stale':
    case 'held': return YES_NO[value] ?? value;
    default: return value;
  }
}

/** What changed from the verdict before; nothing for the first one, whose sentence says it is the first. */
function changeList(changes: readonly FieldChange[]): HTMLElement | null {
  const first = changes.length > 0 && changes.every((change) => change.before === null);
  // The sentence already tells the change of state.
  const listed = first ? [] : changes.filter((change) => change.field !== 'state');
  if (listed.length === 0) return null;
  return h('ul', { class: 'history-changes' }, listed.map((change) => h('li', null,
    `${RECORDED_FIELD_LABELS[change.field] ?? change.field} : `,
    h('del', null, formatRecordedValue(change.field, change.before)),
    h('span', { 'aria-hidden': 'true' }, ' → '),
    h('span', { class: 'visually-hidden' }, ' devient '),
    h('ins', null, formatRecordedValue(change.field, change.after)))));
}

function historyEntry(entry: VerdictObservation, current: boolean): HTMLElement {
  return h('li', { class: current ? 'history-entry history-current' : 'history-entry', 'data-state': entry.state, style: `border-left-color:${STATE_COLORS[entry.state]}` },
    h('p', { class: 'history-head' },
      h('time', { datetime: entry.observedAt }, formatDayTime(entry.observedAt)),
      ' · ',
      stateBadge(entry.state),
      entry.stale ? h('span', { class: 'muted' }, ' · constat ancien') : null,
      entry.held ? h('span', { class: 'muted' }, ' · retenu par la protection contre les disparitions massives') : null,
      current ? h('strong', { class: 'history-mark' }, ' · verdict à la date choisie') : null),
    h('p', { class: 'history-sentence' }, entry.sentence),
    h('p', { class: 'verdict' }, entry.verdict.summary),
    changeList(entry.changes));
}

/** The recorded verdict that held at the end of `day`: the newest one recorded that day or before. */
export function verdictAsOf(entries: readonly VerdictObservation[], day: string): VerdictObservation | null {
  return entries.find((entry) => entry.day <= day) ?? null;
}

/** A commitment page's timeline of recorded verdicts, newest first; `asOf` marks the one in force that day. */
export function renderVerdictHistory(answer: HistoryAnswer<CommitmentHistoryData>, asOf: string | null): HTMLElement {
  const section = h('section', { 'aria-labelledby': 'historique', id: 'historique-verdicts' }, h('h2', { id: 'historique' }, 'Historique des verdicts'));
  if (answer.kind !== 'ok') {
    section.append(historyProblem(answer));
    return section;
  }
  const history = answer.data.commitment?.history;
  const entries = history?.edges.map((edge) => edge.node) ?? [];
  if (history === undefined || entries.length === 0) {
    section.append(h('p', { id: 'historique-vide' },
      "Aucun verdict n'a encore été enregistré pour cet engagement : l'historique commence à sa première vérification enregistrée."));
    return section;
  }
  const current = asOf ? verdictAsOf(entries, asOf) : null;
  append(section, [
    h('p', null, "Un verdict est enregistré à chaque vérification où il change ; il vaut jusqu'au suivant. Le plus récent est en haut."),
    h('ol', { class: 'history' }, entries.map((entry) => historyEntry(entry, entry === current))),
    history.pageInfo.hasNextPage
      ? h('p', { class: 'muted' }, `Les ${formatNumber(entries.length)} verdicts les plus récents sur ${formatNumber(history.totalCount)} enregistrés.`)
      : null,
  ]);
  return section;
}

/**
 * On a commitment's page opened from the dashboard as of a day: the verdict
 * recorded by then, beside today's at the top of the page.
 */
export function renderVerdictAsOf(answer: HistoryAnswer<CommitmentHistoryData>, asOf: string): HTMLElement {
  const day = formatDay(asOf);
  const lead: Child[] = [h('strong', null, `Au ${day}`)];
  if (answer.kind !== 'ok') {
    lead.push(", le verdict enregistré ne peut pas être affiché : l'historique est indisponible.");
  } else {
    const history = answer.data.commitment?.history;
    const entries = history?.edges.map((edge) => edge.node) ?? [];
    const entry = verdictAsOf(entries, asOf);
    if (entry) {
      lead.push(', le verdict enregistré était : ', stateBadge(entry.state), ` — ${entry.verdict.summary} (enregistré le ${formatDay(entry.observedAt)}).`);
    } else if (history?.pageInfo.hasNextPage) {
      lead.push(", le verdict enregistré est plus ancien que ceux affichés dans l'historique ci-dessous.");
    } else {
      lead.push(", aucun verdict n'était encore enregistré pour cet engagement.");
    }
  }
  return h('div', { class: 'note as-of-note', id: 'verdict-a-la-date' },
    h('p', null, ...lead),
    h('p', null, "Le verdict en tête de page est celui d'aujourd'hui. ", h('a', { href: '#historique' }, "Voir l'historique des verdicts"), '.'));
}
