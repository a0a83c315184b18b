import { createHash } from 'node:crypto';
import { formatFrenchDate } from '../commitments/describe-verdict.js';
import type { Commitment, CommitmentState, CommitmentStatus } from '../commitments/model.js';
import { STATE_LABELS_FR } from '../commitments/state-labels.js';
import { digestSnapshot } from '../store/create-verdict-store.js';
import type { ChangeInput, FileSnapshot, ObjectSnapshot, ObservationInput, StoredObjectKind } from '../store/verdict-store.js';
import { toObjectSnapshot } from './to-object-snapshot.js';

/** What the store holds before a run: the latest observation of each commitment, the latest snapshot of each object. */
export interface EvaluationBaseline {
  /** The fields an observation is compared by, of the latest observation, by commitment key. */
  readonly observations: ReadonlyMap<string, string>;
  /** The latest snapshot of each object with its digest, by `KIND:id`. */
  readonly snapshots: ReadonlyMap<string, { readonly digest: string; readonly snapshot: ObjectSnapshot }>;
}

export interface EvaluationDiff {
  readonly observations: readonly ObservationInput[];
  readonly snapshots: readonly ObjectSnapshot[];
  readonly changes: readonly ChangeInput[];
}

export interface DiffInput {
  readonly commitments: readonly Commitment[];
  /** The verdicts this run serves. */
  readonly statuses: ReadonlyMap<string, CommitmentStatus>;
  /** Keys whose verdict the mass-disappearance guard held back. */
  readonly held: ReadonlySet<string>;
  /** The last verdict from fresh evidence before this run (the verdict memory as it was), by key. */
  readonly previous: (key: string) => CommitmentStatus | null;
  readonly baseline: EvaluationBaseline;
  /** When the run finished: the day the sentences give. */
  readonly at: string;
}

/**
 * What a run adds to the record (pure): an observation for each commitment
 * whose verdict differs from its last one, a snapshot for each resolved
 * object that differs from its last one, and the changes a reader cares
 * about. Changes are drawn only from fresh verdicts, compared with the last
 * fresh one: an outage (stale, held or unverifiable verdicts) is recorded as
 * observations but never reported as something the government did.
 */
export function diffEvaluation(input: DiffInput): EvaluationDiff {
  const observations: ObservationInput[] = [];
  const snapshots: ObjectSnapshot[] = [];
  const changes: ChangeInput[] = [];
  const day = formatFrenchDate(input.at) ?? input.at;

  for (const commitment of input.commitments) {
    const status = input.statuses.get(commitment.key);
    if (!status) continue;
    const held = input.held.has(commitment.key);
    if (input.baseline.observations.get(commitment.key) !== toObservationFields(status, held)) {
      observations.push({ commitmentKey: commitment.key, held, evidenceDigest: digestEvidence(status), verdict: status });
    }
    // No conclusion drawn (upstream unreadable, source code unchecked) is not a change in the world.
    if (status.stale || held || status.state === 'UNVERIFIABLE' || status.state === 'UNCHECKED_SOURCE_CODE') continue;

    const before = input.previous(commitment.key);
    if (before) changes.push(...diffVerdicts(commitment, before, status, day));

    // A withdrawn object answers as a stub (udata's 410 keeps only its id): the state change says it all.
    const snapshot = status.state === 'WITHDRAWN' ? null : toObjectSnapshot(status);
    if (!snapshot) continue;
    const last = input.baseline.snapshots.get(`${snapshot.kind}:${snapshot.id}`);
    if (last?.digest === digestSnapshot(snapshot)) continue;
    snapshots.push(snapshot);
    if (last) changes.push(...diffSnapshots(commitment.key, last.snapshot, snapshot, day));
  }
  return { observations, snapshots, changes };
}

/**
 * The fields an observation is kept for: a verdict differing only in its
 * wording, its check time or its running day counts is the same verdict.
 */
export function toObservationFields(status: CommitmentStatus, held: boolean): string {
  const object = status.dataset ?? status.dataservice;
  return JSON.stringify([
    status.state,
    status.firstPublication?.at ?? null,
    status.firstPublication?.source ?? null,
    status.dataset ? 'DATASET' : status.dataservice ? 'DATASERVICE' : null,
    object?.id ?? null,
    object?.slug ?? null,
    Math.round(status.confidence * 100),
    status.stale,
    held,
  ]);
}

/** The kinds and places of the evidence, not its wording (whose numbers move every day). */
function digestEvidence(status: CommitmentStatus): string {
  const facts = status.evidence.map((e) => `${e.kind} ${e.url ?? ''}`).sort();
  return createHash('sha256').update(facts.join('\n')).digest('hex').slice(0, 16);
}

function objectOf(status: CommitmentStatus): { kind: StoredObjectKind; id: string; slug: string | null; title: string | null } | null {
  if (status.dataset) return { kind: 'DATASET', id: status.dataset.id, slug: status.dataset.slug, title: status.dataset.title };
  if (status.dataservice) return { kind: 'DATASERVICE', id: status.dataservice.id, slug: status.dataservice.slug, title: status.dataservice.title };
  return null;
}

function noun(kind: StoredObjectKind): string {
  return kind === 'DATASET' ? 'Le jeu de données' : 'L’API';
}

function diffVerdicts(commitment: Commitment, before: CommitmentStatus, after: CommitmentStatus, day: string): ChangeInput[] {
  const changes: ChangeInput[] = [];
  const was = objectOf(before);
  const now = objectOf(after);
  const promise = `l’engagement « ${commitment.title} »`;
  if (before.state !== after.state) {
    // The object as it was known: a withdrawn one comes back as a stub without its title.
    const subject = after.state === 'WITHDRAWN' ? (was ?? now) : (now ?? was);
    changes.push({
      commitmentKey: commitment.key,
      kind: 'STATE_CHANGED',
      objectKind: subject?.kind ?? null,
      objectId: subject?.id ?? null,
      subject: null,
      before: before.state,
      after: after.state,
      sentence:
        after.state === 'WITHDRAWN' && subject
          ? `${noun(subject.kind)} « ${subject.title ?? subject.id} » a été retiré de data.gouv.fr le ${day} (${promise}).`
          : `Le verdict sur ${promise} passe de « ${label(before.state)} » à « ${label(after.state)} » le ${day}.`,
    });
  }
  // A withdrawal keeps naming the object it withdrew; the state change above says it.
  if (after.state === 'WITHDRAWN') return changes;
  if (!was && now) {
    changes.push({
      commitmentKey: commitment.key, kind: 'OBJECT_FOUND', objectKind: now.kind, objectId: now.id, subject: null, before: null, after: now.slug ?? now.id,
      sentence: `${noun(now.kind)} « ${now.title ?? now.id} » a été trouvé sur data.gouv.fr pour ${promise} le ${day}.`,
    });
  } else if (was && !now) {
    changes.push({
      commitmentKey: commitment.key, kind: 'OBJECT_LOST', objectKind: was.kind, objectId: was.id, subject: null, before: was.slug ?? was.id, after: null,
      sentence: `${noun(was.kind)} « ${was.title ?? was.id} » n’est plus retenu pour ${promise} depuis le ${day}.`,
    });
  } else if (was && now && (was.id !== now.id || was.kind !== now.kind)) {
    const sameName = (was.slug !== null && was.slug === now.slug) || (was.title !== null && was.title === now.title);
    changes.push({
      commitmentKey: commitment.key, kind: 'OBJECT_RECREATED', objectKind: now.kind, objectId: now.id, subject: null, before: was.id, after: now.id,
      sentence: sameName
        ? `${noun(now.kind)} « ${now.title ?? now.id} » de ${promise} a été recréé sous un nouvel identifiant le ${day} (${was.id} → ${now.id}).`
        : `${promise.charAt(0).toUpperCase()}${promise.slice(1)} est désormais rattaché à « ${now.title ?? now.id} » (${now.id}) au lieu de « ${was.title ?? was.id} » (${was.id}), le ${day}.`,
    });
  }
  return changes;
}

function diffSnapshots(commitmentKey: string, before: ObjectSnapshot, after: ObjectSnapshot, day: string): ChangeInput[] {
  const changes: ChangeInput[] = [];
  const name = `${after.kind === 'DATASET' ? 'du jeu de données' : 'de l’API'} « ${after.title ?? after.id} »`;
  const base = { commitmentKey, objectKind: after.kind, objectId: after.id } as const;
  if (before.slug !== after.slug) {
    changes.push({ ...base, kind: 'SLUG_CHANGED', subject: null, before: before.slug, after: after.slug,
      sentence: `L’adresse ${name} a changé le ${day} : « ${before.slug ?? '—'} » devient « ${after.slug ?? '—'} ».` });
  }
  if (before.title !== after.title) {
    changes.push({ ...base, kind: 'TITLE_CHANGED', subject: null, before: before.title, after: after.title,
      sentence: `Le titre « ${before.title ?? '—'} » devient « ${after.title ?? '—'} » le ${day}.` });
  }
  if (before.license !== after.license) {
    changes.push({ ...base, kind: 'LICENSE_CHANGED', subject: null, before: before.license, after: after.license,
      sentence: `La licence ${name} a changé le ${day} : ${before.license ?? 'aucune'} → ${after.license ?? 'aucune'}.` });
  }
  if (before.files && after.files) {
    const old = new Map(before.files.map((f) => [f.id, f]));
    const current = new Map(after.files.map((f) => [f.id, f]));
    for (const file of after.files) {
      const was = old.get(file.id);
      if (!was) {
        changes.push({ ...base, kind: 'FILE_ADDED', subject: file.id, before: null, after: file.url,
          sentence: `Un fichier a été ajouté ${name.replace(/^du /, 'au ').replace(/^de l’/, 'à l’')} le ${day} : « ${fileName(file)} »${file.format ? ` (${file.format})` : ''}.` });
      } else if (fileFacts(was) !== fileFacts(file)) {
        changes.push({ ...base, kind: 'FILE_CHANGED', subject: file.id, before: fileFacts(was), after: fileFacts(file),
          sentence: `Le fichier « ${fileName(file)} » ${name} a changé le ${day} (${describeFileChange(was, file)}).` });
      }
    }
    for (const file of before.files) {
      if (!current.has(file.id)) {
        changes.push({ ...base, kind: 'FILE_REMOVED', subject: file.id, before: file.url, after: null,
          sentence: `Le fichier « ${fileName(file)} » a été retiré ${name} le ${day}.` });
      }
    }
  }
  return changes;
}

function label(state: string): string {
  return STATE_LABELS_FR[state as CommitmentState] ?? state;
}

function fileName(file: FileSnapshot): string {
  return file.title ?? file.url ?? file.id;
}

function fileFacts(file: FileSnapshot): string {
  return JSON.stringify([file.url, file.format, file.checksum, file.lastModified]);
}

function describeFileChange(before: FileSnapshot, after: FileSnapshot): string {
  const parts: string[] = [];
  if (before.url !== after.url) parts.push('nouvelle adresse');
  if (before.format !== after.format) parts.push(`format ${before.format ?? '—'} → ${after.format ?? '—'}`);
  if (before.checksum !== after.checksum) parts.push('contenu modifié');
  if (before.lastModified !== after.lastModified) parts.push(`modifié le ${formatFrenchDate(after.lastModified) ?? after.lastModified ?? '—'}`);
  return parts.join(', ');
}
