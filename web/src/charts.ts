import * as Plot from '@observablehq/plot';
import { STATE_COLORS, STATE_LABELS, STATES, type CommitmentState } from './labels.js';
import { toParisDay } from './format.js';
import type { CommitmentRow, ScoreboardRow } from './types.js';

const COUNT_FIELDS: Readonly<Record<CommitmentState, keyof ScoreboardRow>> = {
  PUBLISHED_ON_TIME: 'publishedOnTime',
  PUBLISHED_LATE: 'publishedLate',
  PUBLISHED_BEFORE_ANNOUNCEMENT: 'publishedBeforeAnnouncement',
  PUBLISHED: 'published',
  PENDING: 'pending',
  OVERDUE: 'overdue',
  WITHDRAWN: 'withdrawn',
  UNVERIFIABLE: 'unverifiable',
  UNCHECKED_SOURCE_CODE: 'uncheckedSourceCode',
};

export function countOf(row: ScoreboardRow, state: CommitmentState): number {
  return row[COUNT_FIELDS[state]] as number;
}

/** "Ministère de la Transition écologique" -> "Transition écologique": the axis has little room. */
export function shortMinistry(name: string): string {
  const short = name.replace(/^Minist[èe]re\s+(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+)/i, '');
  const capitalised = short.charAt(0).toLocaleUpperCase('fr') + short.slice(1);
  return capitalised.length > 30 ? `${capitalised.slice(0, 29)}…` : capitalised;
}

const colorScale = {
  domain: STATES.map((state) => STATE_LABELS[state]),
  range: STATES.map((state) => STATE_COLORS[state]),
  legend: true,
  label: 'État',
};

/** Stacked bars: one bar per ministry, one segment per state. */
export function createScoreboardChart(rows: readonly ScoreboardRow[], width: number): SVGSVGElement | HTMLElement {
  const data = rows.flatMap((row) =>
    STATES.map((state) => ({ ministry: shortMinistry(row.key), full: row.key, state: STATE_LABELS[state], count: countOf(row, state) })).filter((d) => d.count > 0),
  );
  const narrow = width < 560;
  return Plot.plot({
    width,
    height: 40 + rows.length * 30,
    marginLeft: narrow ? 130 : 230,
    marginRight: 16,
    style: { fontSize: '12px' },
    x: { label: "Nombre d'engagements", grid: true, tickFormat: 'd' },
    y: { label: null, domain: rows.map((row) => shortMinistry(row.key)), tickFormat: (d: string) => (narrow && d.length > 18 ? `${d.slice(0, 17)}…` : d) },
    color: colorScale,
    marks: [
      Plot.barX(data, Plot.stackX({ x: 'count', y: 'ministry', fill: 'state', order: colorScale.domain, title: (d: { full: string; state: string; count: number }) => `${d.full}\n${d.state} : ${d.count}` })),
      Plot.ruleX([0]),
    ],
  });
}

interface TimelinePoint {
  key: string;
  title: string;
  due: Date | null;
  published: Date | null;
  /** Where the bar ends: the publication, or today for what is still missing. */
  end: Date | null;
  state: string;
}

function toDate(day: string | null): Date | null {
  return day === null ? null : new Date(`${day}T12:00:00Z`);
}

/**
 * `reference`: where a missing publication's bar ends, today or the day the
 * verdicts are read as of. Commitments without a verdict have no point: the
 * chart's caption counts them.
 */
export function toTimelinePoints(rows: readonly CommitmentRow[], reference: Date): TimelinePoint[] {
  return rows
    .flatMap((row) => (row.status !== null && (row.dueDate !== null || row.status.firstPublishedAt !== null) ? [{ row, status: row.status }] : []))
    .map(({ row, status }) => {
      const due = toDate(row.dueDate);
      const published = status.firstPublishedAt ? toDate(toParisDay(status.firstPublishedAt)) : null;
      const missing = status.state === 'OVERDUE' || status.state === 'PENDING';
      return { key: row.key, title: row.title, due, published, end: published ?? (missing && due ? reference : null), state: STATE_LABELS[status.state] };
    })
    .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity) || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/**
 * One line per commitment from its deadline (open circle) to its first
 * publication (filled dot), or to the reference day (today, or the day the
 * verdicts are read as of) when nothing is published yet.
 */
export function createTimelineChart(points: readonly TimelinePoint[], width: number, reference: { readonly at: Date; readonly label: string }): SVGSVGElement | HTMLElement {
  const withSpan = points.filter((p) => p.due !== null && p.end !== null);
  return Plot.plot({
    width,
    height: 70 + points.length * 16,
    marginTop: 30,
    marginLeft: 48,
    style: { fontSize: '12px' },
    marginRight: 16,
    x: { type: 'utc', label: null, grid: true, ticks: 'year', tickFormat: (d: Date) => String(d.getUTCFullYear()) },
    y: { label: null, domain: points.map((p) => p.key) },
    color: colorScale,
    marks: [
      Plot.link(withSpan, { x1: 'due', x2: 'end', y1: 'key', y2: 'key', stroke: 'state', strokeOpacity: 0.55, strokeWidth: 2 }),
      Plot.dot(points.filter((p) => p.due !== null), { x: 'due', y: 'key', r: 4, stroke: '#1d2a30', fill: 'white', title: (p: TimelinePoint) => `${p.key} — ${p.title}\nÉchéance promise` }),
      Plot.dot(points.filter((p) => p.published !== null), { x: 'published', y: 'key', r: 4, fill: 'state', title: (p: TimelinePoint) => `${p.key} — ${p.title}\n${p.state}` }),
      Plot.ruleX([reference.at], { stroke: '#1d2a30', strokeDasharray: '3,3' }),
      Plot.text([reference.at], { x: (d: Date) => d, frameAnchor: 'top', dy: -8, text: () => reference.label, textAnchor: 'end', dx: -3, fill: '#1d2a30' }),
    ],
  });
}
