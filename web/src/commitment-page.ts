import { OPERATIONS, toGraphiqlLink, type GraphQLError, type HistoryAnswer } from './api.js';
import { h, replaceChildren, type Child } from './dom.js';
import { formatDay, formatDayTime, formatNumber, formatPercent } from './format.js';
import { EVIDENCE_LABELS, FIRST_PUBLICATION_SOURCES, FRESHNESS_LABELS, KIND_LABELS, MEMBERSHIP_LABELS, STATE_COLORS, STATE_LABELS } from './labels.js';
import { renderVerdictAsOf, renderVerdictHistory } from './history-sections.js';
import type { CommitmentHistoryData, CommitmentPageData, Evidence } from './types.js';

type Commitment = NonNullable<CommitmentPageData['commitment']>;

function row(label: string, ...value: Child[]): HTMLElement[] {
  return [h('dt', null, label), h('dd', null, ...value)];
}

function externalLink(url: string | null, text?: string | null): Child {
  if (!url) return text ?? '—';
  // Only web links become links: a record may cite a repository path, or a URL followed by a comment.
  const match = /^(https?:\/\/\S+)(.*)$/s.exec(url);
  if (!match) return text ?? url;
  const [, href, rest] = match as unknown as [string, string, string];
  return [h('a', { href, rel: 'noopener noreferrer' }, text ?? href), text ? '' : rest];
}

const FREQUENCIES: Readonly<Record<string, string>> = {
  continuous: 'en continu', hourly: 'toutes les heures', daily: 'quotidienne', weekly: 'hebdomadaire', monthly: 'mensuelle',
  quarterly: 'trimestrielle', semiannual: 'semestrielle', annual: 'annuelle', biennial: 'tous les deux ans', irregular: 'irrégulière',
  punctual: 'ponctuelle', unknown: 'inconnue',
};

function evidenceList(evidence: readonly Evidence[]): HTMLElement {
  return h('ul', { class: 'evidence' }, evidence.map((e) => h('li', null,
    h('strong', null, EVIDENCE_LABELS[e.kind] ?? e.kind), h('span', { class: 'muted' }, ` (${e.kind})`), ' : ', e.detail,
    e.url ? [' — ', externalLink(e.url, 'vérifier')] : null)));
}

/** "8 février 2022 — date sourcée de la fiche (preuve)"; what the first-publication date rests on. */
function firstPublication(c: Commitment): Child {
  const first = c.status.firstPublication;
  if (first === null) return 'inconnue';
  return [formatDay(first.day), ` — ${FIRST_PUBLICATION_SOURCES[first.source] ?? first.source}`, first.url ? [' (', externalLink(first.url, 'preuve'), ')'] : null];
}

function renderPublished(c: Commitment): HTMLElement {
  const { dataset, dataservice } = c.status;
  if (dataset) {
    const resources = dataset.resources;
    return h('section', { 'aria-labelledby': 'publie' },
      h('h2', { id: 'publie' }, 'Le jeu de données trouvé'),
      h('dl', { class: 'facts' },
        row('Titre', externalLink(dataset.url, dataset.title ?? dataset.id)),
        row('Producteur', dataset.organization?.name ?? '—'),
        row('Créé le', formatDay(dataset.createdAt)),
        row('Dernière mise à jour', formatDay(dataset.lastUpdate)),
        row('Fréquence déclarée', dataset.frequency ? `${FREQUENCIES[dataset.frequency] ?? dataset.frequency} (${dataset.frequency})` : '—'),
        row('Fraîcheur', c.status.freshness ? `${FRESHNESS_LABELS[c.status.freshness.state] ?? c.status.freshness.state}${c.status.freshness.expectedNextUpdate ? ` (mise à jour attendue le ${formatDay(c.status.freshness.expectedNextUpdate)})` : ''}` : '—'),
        row('Fichiers', `${formatNumber(c.status.resourceCount)}${c.status.formats.length > 0 ? ` (${c.status.formats.join(', ')})` : ''}${c.status.documentationOnly ? ' — documentation seulement, pas de données' : ''}`)),
      resources === null
        ? h('p', { class: 'note' }, "La liste des fichiers n'a pas pu être obtenue de data.gouv.fr.")
        : resources.edges.length === 0
          ? null
          : h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'fichiers-titre', tabindex: '0' },
              h('table', null,
                h('caption', { id: 'fichiers-titre' }, `Fichiers publiés (${formatNumber(resources.edges.length)} sur ${formatNumber(resources.totalCount)})`),
                h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Fichier'), h('th', { scope: 'col' }, 'Format'), h('th', { scope: 'col' }, 'Modifié le'))),
                h('tbody', null, resources.edges.map(({ node }) => h('tr', null,
                  h('th', { scope: 'row' }, externalLink(node.url, node.title ?? node.id)),
                  h('td', null, node.format ?? '—'),
                  h('td', null, formatDay(node.lastModified))))))));
  }
  if (dataservice) {
    return h('section', { 'aria-labelledby': 'publie' },
      h('h2', { id: 'publie' }, "L'API trouvée"),
      h('dl', { class: 'facts' },
        row('Titre', externalLink(dataservice.url, dataservice.title ?? dataservice.id)),
        row('Producteur', dataservice.organization?.name ?? '—'),
        row('Créée le', formatDay(dataservice.createdAt)),
        row('Adresse de l\'API', externalLink(dataservice.baseApiUrl)),
        row('Documentation', externalLink(dataservice.documentationUrl))));
  }
  const repository = c.status.repository;
  if (repository) {
    return h('section', { 'aria-labelledby': 'publie' },
      h('h2', { id: 'publie' }, 'Le dépôt trouvé sur code.gouv.fr'),
      h('dl', { class: 'facts' },
        row('Dépôt', externalLink(repository.url, repository.fullName), repository.source === 'MOCK' ? h('span', { class: 'muted' }, ' (démonstration)') : null),
        row('Compte', externalLink(repository.ownerUrl)),
        row('Description', repository.description ?? '—'),
        row('Créé le', formatDay(repository.createdAt)),
        row('État', [repository.archived ? 'archivé (toujours public)' : 'actif', repository.fork ? ', copie (fork)' : ''].join('')),
        row('Licence', repository.license ?? '—')));
  }
  if (c.status.repositoryUrl) {
    return h('section', { 'aria-labelledby': 'publie' }, h('h2', { id: 'publie' }, 'Le dépôt indiqué'), h('p', null, externalLink(c.status.repositoryUrl)));
  }
  return h('section', { 'aria-labelledby': 'publie' }, h('h2', { id: 'publie' }, 'Ce qui a été publié'),
    h('p', null, c.kind === 'SOURCE_CODE' ? "Aucun dépôt n'a été identifié sur code.gouv.fr." : "Rien n'a été identifié sur data.gouv.fr."));
}

function renderCandidates(c: Commitment): HTMLElement | null {
  if (c.status.candidates.length === 0) return null;
  return h('section', { 'aria-labelledby': 'candidats' },
    h('h2', { id: 'candidats' }, 'Autres candidats examinés'),
    h('p', null, 'Résultats du catalogue comparés à cet engagement ; un score de 0,55 ou plus désigne l\'objet publié.'),
    h('ol', { class: 'candidates' }, c.status.candidates.map((candidate) => {
      const target = candidate.dataset ?? candidate.dataservice;
      const repository = candidate.repository;
      return h('li', null,
        repository ? externalLink(repository.url, repository.fullName) : externalLink(target?.url ?? null, target?.title ?? '(sans titre)'),
        ` — score ${formatPercent(candidate.score)}`,
        h('details', null, h('summary', null, 'Pourquoi ce score'), evidenceList(candidate.evidence)));
    })));
}

function renderOfficial(c: Commitment): HTMLElement | null {
  const official = c.officialStatus;
  if (official === null) return null;
  return h('section', { 'aria-labelledby': 'suivi-officiel' },
    h('h2', { id: 'suivi-officiel' }, 'Le suivi officiel, à côté du nôtre'),
    h('dl', { class: 'facts' },
      row('Statut officiel', official.openingStatus ?? '—', official.openingStatusCode ? h('span', { class: 'muted' }, ` (${official.openingStatusCode})`) : null),
      row('Notre verdict', STATE_LABELS[c.status.state]),
      row('Date estimée (officielle)', official.estimatedDate ?? '—'),
      row('Ligne du tableau', `${official.title} (ligne ${official.row})`),
      row('Lien donné', externalLink(official.link)),
      row('Source', official.synthetic ? h('strong', null, official.sourceLabel) : externalLink(official.sourceUrl, 'tableau de suivi sur data.gouv.fr'),
        ` — lu le ${formatDayTime(official.fetchedAt)}${official.stale ? ' (constat ancien)' : ''}`)));
}

export interface CommitmentPageOptions {
  /** The dashboard view the reader came from, filters and day included. */
  readonly backTo: string;
  /** The commitment's recorded verdicts, or why there are none. */
  readonly history: HistoryAnswer<CommitmentHistoryData>;
  /** The day the reader was looking at the dashboard as of (`YYYY-MM-DD`), if any. */
  readonly asOf: string | null;
}

/** Renders one commitment's page. */
export function renderCommitmentPage(main: HTMLElement, data: CommitmentPageData, key: string, errors: readonly GraphQLError[], options: CommitmentPageOptions): void {
  const { backTo, history, asOf } = options;
  const c = data.commitment;
  const graphiql = toGraphiqlLink(OPERATIONS.CommitmentPage, { key });
  if (c === null) {
    replaceChildren(main,
      h('p', null, h('a', { href: backTo, 'data-route': '' }, '← Tableau de bord')),
      h('h1', { tabindex: '-1' }, 'Engagement introuvable'),
      h('p', null, `Aucun engagement n'a la clé « ${key} ».`));
    return;
  }
  const deadline = c.dueDate
    ? `${formatDay(c.dueDate)}${c.plannedPeriod.end ? '' : ` (horizon de l'annonce « ${c.horizon?.text ?? ''} »)`}`
    : 'aucune';
  replaceChildren(main,
    h('p', null, h('a', { href: backTo, 'data-route': '' }, '← Tableau de bord')),
    h('h1', { tabindex: '-1' }, c.title),
    c.source === 'TRACKER'
      ? h('p', null, h('span', { class: 'source-label' }, 'tableau officiel'), ' Engagement repris d’une ligne du tableau de suivi officiel, sans fiche dans le dossier du projet.')
      : null,
    h('p', { class: 'verdict-lead', id: 'verdict' },
      h('span', { class: 'swatch', style: `background:${STATE_COLORS[c.status.state]}`, 'aria-hidden': 'true' }),
      h('strong', null, c.status.summary)),
    h('p', { class: 'muted' },
      `État : ${STATE_LABELS[c.status.state]} (${c.status.state}) · confiance ${formatPercent(c.status.confidence)} · vérifié le ${formatDayTime(c.status.checkedAt)}`,
      c.status.stale ? ' · constat ancien : data.gouv.fr n\'a pas pu être interrogé à nouveau' : ''),
    asOf ? renderVerdictAsOf(history, asOf) : null,
    errors.length > 0 ? h('p', { class: 'note', role: 'status' }, `Certaines informations n'ont pas pu être obtenues : ${errors.map((e) => e.message).join(' ; ')}`) : null,
    h('section', { 'aria-labelledby': 'promesse' },
      h('h2', { id: 'promesse' }, 'La promesse'),
      h('dl', { class: 'facts' },
        row('Clé', c.key),
        row('Type', KIND_LABELS[c.kind]),
        row('Ministère', c.ministry ?? '—', c.ministryAsWritten && c.ministryAsWritten.replace(/'/g, '’') !== c.ministry ? h('span', { class: 'muted' }, ` (la fiche écrit « ${c.ministryAsWritten} »)`) : null),
        row('Producteur', c.producer ?? '—'),
        row('Annoncé le', formatDay(c.announcedOn), c.announcement ? [' dans ', h('q', null, c.announcement.title)] : null),
        row('Période annoncée', c.plannedPeriod.text ?? 'aucune', c.plannedPeriod.postponedTo ? ` (report annoncé : ${c.plannedPeriod.postponedTo.text})` : ''),
        row('Échéance retenue', deadline),
        row('Première publication', firstPublication(c)),
        c.status.listedOnDatagouvAt ? row('Référencé sur data.gouv.fr le', formatDay(c.status.listedOnDatagouvAt)) : null,
        row('Dans la liste des 63', MEMBERSHIP_LABELS[c.membership] ?? c.membership)),
      c.notes ? [h('h3', null, 'Notes de la fiche'), h('p', { class: 'notes', lang: /\b(the|and|of)\b/.test(c.notes) ? 'en' : 'fr' }, c.notes)] : null),
    h('section', { 'aria-labelledby': 'preuves' },
      h('h2', { id: 'preuves' }, 'Les preuves du verdict'),
      evidenceList(c.status.evidence),
      h('h3', null, 'Sources de la fiche'),
      h('ul', { class: 'sources' }, c.sources.map((source) => h('li', null, externalLink(source))))),
    renderVerdictHistory(history, asOf),
    renderPublished(c),
    renderOfficial(c),
    renderCandidates(c),
    h('p', null, h('a', { href: graphiql }, 'Voir cet engagement dans GraphiQL')),
  );
}
