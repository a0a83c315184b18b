import type { Commitment, CommitmentStatus, PlannedPeriod } from './model.js';
import { resolveDeadline } from './resolve-commitment-status.js';
import { diffDays, toParisDay } from './to-paris-day.js';

/*
 * The verdict as one French sentence for people (dashboard, CSV exports,
 * GraphQL `summary`). Codes stay in `state`; this is only words, built from the
 * same status fields a program reads, so the two cannot disagree.
 */

export interface DescribeVerdictOptions {
  /** Today, for the days left before a PENDING deadline. Without it the sentence gives no count. */
  readonly now?: Date;
}

const NUMBER = new Intl.NumberFormat('fr-FR');

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const MONTH_YEAR = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/**
 * "1 429" with French digit grouping. Intl groups with a narrow no-break space
 * (U+202F), which several spreadsheet and code editors show as an escape or a
 * box; the plain no-break space (U+00A0) reads the same and survives them.
 */
export function formatFrenchNumber(value: number): string {
  return NUMBER.format(value).replace(/\u202f/g, '\u00a0');
}

/**
 * "12 octobre 2022", "1er mars 2021": an instant's Europe/Paris calendar day,
 * or a `YYYY-MM-DD` day as is. Null when unreadable.
 */
export function formatFrenchDate(value: string | Date | null): string | null {
  const day = toParisDay(value);
  if (day === null) return null;
  // Noon UTC is the same calendar day in Paris whatever the season.
  const parts = LONG_DATE.formatToParts(new Date(`${day}T12:00:00Z`));
  return parts.map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value)).join('');
}

function days(count: number): string {
  return `${formatFrenchNumber(count)} jour${Math.abs(count) >= 2 ? 's' : ''}`;
}

/** "le T3 2021", "2022", "fin 2022", "juin 2021", "le 1er semestre 2022"; null when the period has no bounds. */
function describePeriod(period: PlannedPeriod): string | null {
  const { start, end } = period;
  if (!start || !end) return null;
  const startYear = Number(start.slice(0, 4));
  const endYear = Number(end.slice(0, 4));
  const firstMonth = Number(start.slice(5, 7));
  const lastMonth = Number(end.slice(5, 7));
  const startsOnFirst = start.endsWith('-01');
  const endsMonth = toParisDay(end) !== null && new Date(`${end}T00:00:00Z`).getUTCDate() === new Date(Date.UTC(endYear, lastMonth, 0)).getUTCDate();
  if (/^\s*fin\b/i.test(period.text ?? '') && endsMonth && lastMonth === 12) return `fin ${endYear}`;
  if (startsOnFirst && endsMonth && startYear === endYear) {
    const span = lastMonth - firstMonth + 1;
    if (span === 12) return String(endYear);
    if (span === 6 && (firstMonth === 1 || firstMonth === 7)) return `le ${firstMonth === 1 ? '1er' : '2d'} semestre ${endYear}`;
    if (span === 3 && firstMonth % 3 === 1) return `le T${(firstMonth + 2) / 3} ${endYear}`;
    if (span === 1) return MONTH_YEAR.format(new Date(`${start}T12:00:00Z`));
  }
  if (startsOnFirst && firstMonth === 1 && lastMonth === 12 && endsMonth && endYear > startYear) return `fin ${endYear}`;
  return `le ${formatFrenchDate(end)}`;
}

/** "Promis pour le T3 2021"; the announcement's horizon stands in for an item announced without a period. */
function describePromise(commitment: Commitment): string {
  const own = describePeriod(commitment.plannedPeriod);
  if (own !== null) return `Promis pour ${own}`;
  const horizon = commitment.horizon ? describePeriod(commitment.horizon) : null;
  if (horizon !== null) return `Promis pour ${horizon} (horizon de l'annonce)`;
  return 'Annoncé sans échéance';
}

function describeStaleness(status: CommitmentStatus): string {
  if (!status.stale) return '';
  const checked = formatFrenchDate(status.checkedAt);
  return checked === null ? " (constat ancien, data.gouv.fr n'a pas pu être interrogé à nouveau)" : ` (constat du ${checked}, non actualisé)`;
}

/**
 * "publié le 8 février 2022 sur api.gouv.fr", "publié au plus tard le 7
 * novembre 2024 (référencement sur data.gouv.fr)": the first publication with
 * what it rests on; null when no date is known.
 */
function describePublication(commitment: Commitment, status: CommitmentStatus): string | null {
  const first = status.firstPublication;
  const day = formatFrenchDate(first?.day ?? status.firstPublishedAt);
  if (day === null) return null;
  if (first?.source === 'RECORD') {
    const listing = commitment.firstListed.find((l) => l.on === first.day);
    return `publié le ${day}${listing ? ` sur ${listing.where}` : ''}`;
  }
  if (first?.source === 'REPOSITORY_CREATED') return `dépôt créé le ${day}`;
  if (first?.exact === false) return `publié au plus tard le ${day} (référencement sur data.gouv.fr)`;
  return `publié le ${day}`;
}

/** The site a commitment is looked for on: source code on code.gouv.fr, the rest on data.gouv.fr. */
function siteOf(commitment: Commitment): string {
  return commitment.kind === 'SOURCE_CODE' ? 'code.gouv.fr' : 'data.gouv.fr';
}

/** ", absent aujourd'hui de data.gouv.fr" when the verdict rests on the record's sourced date alone. */
function absence(commitment: Commitment, status: CommitmentStatus): string {
  return status.evidence.some((e) => e.kind === 'NOT_IN_CATALOGUE') ? `, absent aujourd'hui de ${siteOf(commitment)}` : '';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function where(commitment: Commitment, status: CommitmentStatus): string {
  if (commitment.kind === 'SOURCE_CODE') return 'sur code.gouv.fr';
  return status.dataservice !== null ? 'parmi les API de data.gouv.fr' : 'sur data.gouv.fr';
}

/**
 * One French sentence stating a verdict: what was promised, what was found and
 * the gap, e.g. "Promis pour le T3 2021, publié le 12 octobre 2022 : 469 jours
 * de retard". Dates are Europe/Paris days, numbers use French grouping.
 */
export function describeVerdict(commitment: Commitment, status: CommitmentStatus, options: DescribeVerdictOptions = {}): string {
  const promise = describePromise(commitment);
  const published = describePublication(commitment, status) ?? 'publié (date inconnue)';
  const stale = describeStaleness(status);
  const gone = absence(commitment, status);
  switch (status.state) {
    case 'PUBLISHED_ON_TIME':
      return `${promise}, ${published} : dans les délais${gone}${stale}`;
    case 'PUBLISHED_LATE': {
      const late = status.daysLate === null ? 'en retard' : `${days(status.daysLate)} de retard`;
      return `${promise}, ${published} : ${late}${gone}${stale}`;
    }
    case 'PUBLISHED_BEFORE_ANNOUNCEMENT': {
      const announced = formatFrenchDate(commitment.announcedOn);
      const before = announced === null ? "avant l'annonce" : `avant l'annonce du ${announced}`;
      return `Déjà ${published}, ${before}${gone}${stale}`;
    }
    case 'PUBLISHED': {
      if (status.firstPublication === null && status.firstPublishedAt === null) {
        return `Publié ${where(commitment, status)}, sans date de première publication connue : ni à l'heure ni en retard${stale}`;
      }
      if (status.evidence.some((e) => e.kind === 'LISTING_DATE_ONLY' || e.kind === 'REPOSITORY_DATE_ONLY')) {
        return `${promise}, ${published} : seule date connue, postérieure à l'échéance ; retard impossible à établir${stale}`;
      }
      if (status.evidence.some((e) => e.kind === 'DEADLINE_UNKNOWN')) {
        return `${capitalise(published)} ; la période annoncée (« ${commitment.plannedPeriod.text} ») ne donne pas d'échéance lisible${gone}${stale}`;
      }
      return `${capitalise(published)}, sans échéance annoncée à laquelle le comparer${gone}${stale}`;
    }
    case 'PENDING': {
      const deadline = resolveDeadline(commitment);
      const today = options.now ? toParisDay(options.now) : null;
      if (deadline === null) return `${promise}, pas encore trouvé ${where(commitment, status)}${stale}`;
      const left = today === null ? null : diffDays(today, deadline);
      const remaining = left === null ? "l'échéance n'est pas passée" : left === 0 ? "l'échéance est aujourd'hui" : `échéance dans ${days(left)}`;
      return `${promise}, pas encore trouvé ${where(commitment, status)} : ${remaining}${stale}`;
    }
    case 'OVERDUE': {
      const overdue = status.daysOverdue === null ? 'échéance dépassée' : `${days(status.daysOverdue)} après l'échéance`;
      return `${promise}, introuvable ${where(commitment, status)} : ${overdue}${stale}`;
    }
    case 'WITHDRAWN': {
      const site = siteOf(commitment);
      const how = status.evidence.some((e) => e.kind === 'DELETED')
        ? `supprimé de ${site}`
        : status.evidence.some((e) => e.kind === 'GONE') ? `disparu de ${site}` : `archivé sur ${site}`;
      return `${promise}, ${published} puis ${how}${stale}`;
    }
    case 'UNVERIFIABLE':
      return status.evidence.some((e) => e.kind === 'UPSTREAM_UNUSABLE')
        ? `Vérification impossible : ${siteOf(commitment)} ne répond pas par son API (page d'erreur au lieu des données)`
        : `Vérification impossible : ${siteOf(commitment)} n'a pas répondu`;
    case 'UNCHECKED_SOURCE_CODE':
      if (status.evidence.some((e) => e.kind === 'UPSTREAM_FAILURE')) {
        return `${promise} ; code source non vérifié : l'inventaire de code.gouv.fr n'a pas pu être lu, rien n'en est conclu${status.repositoryUrl === null ? '' : ` (dépôt indiqué : ${status.repositoryUrl})`}`;
      }
      return status.repositoryUrl === null
        ? `${promise} ; code source non vérifié en direct, aucun dépôt connu`
        : `${promise} ; code source non vérifié en direct, dépôt indiqué : ${status.repositoryUrl}`;
  }
}
