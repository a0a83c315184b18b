import type { Commitment, ListMembership, MinistryOrigin } from './model.js';

/**
 * The 29 April 2021 release announced "63 nouveaux jeux de données" (63
 * datasets, APIs and source codes); its full list is a PDF linked from the
 * release that could not be transcribed, so the records hold what other
 * sources establish.
 */
export const FOUNDING_ANNOUNCEMENT = {
  slug: 'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees',
  announcedCount: 63,
} as const;

export interface CommitmentCoverage {
  /** Items the founding release announced. */
  readonly announced: number;
  /** Commitments held, whatever their membership: records plus tracking-table rows. */
  readonly known: number;
  /** Commitments from the project's records (`source: LOCAL`). */
  readonly fromRecords: number;
  /** Commitments made from tracking-table rows matching no record (`source: TRACKER`). */
  readonly fromTable: number;
  /** Records a source places in the announced list (primary or secondary). */
  readonly confirmed: number;
  readonly byMembership: Readonly<Record<ListMembership, number>>;
  /** Announced items no record is confirmed to stand for. */
  readonly unidentified: number;
  /** Records by where their ministry comes from. */
  readonly byMinistryOrigin: Readonly<Record<MinistryOrigin, number>>;
  /** Records with no ministry that could be sourced: the "(non renseigné)" group of a scoreboard by ministry. */
  readonly withoutMinistry: number;
  /** Where the rest would come from, in French. */
  readonly note: string;
}

/** How much of the announced list the records cover. Pure. */
export function summariseCoverage(commitments: readonly Commitment[], announced: number = FOUNDING_ANNOUNCEMENT.announcedCount): CommitmentCoverage {
  const byMembership: Record<ListMembership, number> = { CONFIRMED_PRIMARY: 0, CONFIRMED_SECONDARY: 0, NOT_CONFIRMED: 0, UNKNOWN: 0 };
  const byMinistryOrigin: Record<MinistryOrigin, number> = { RECORD: 0, PRODUCER: 0, TRACKER: 0, NONE: 0 };
  for (const commitment of commitments) {
    byMembership[commitment.membership] += 1;
    byMinistryOrigin[commitment.ministryOrigin] += 1;
  }
  const fromTable = commitments.filter((c) => c.source === 'TRACKER').length;
  const fromRecords = commitments.length - fromTable;
  const confirmed = byMembership.CONFIRMED_PRIMARY + byMembership.CONFIRMED_SECONDARY;
  const unidentified = Math.max(0, announced - confirmed);
  return {
    announced,
    known: commitments.length,
    fromRecords,
    fromTable,
    confirmed,
    byMembership,
    unidentified,
    byMinistryOrigin,
    // Counted on the ministry itself, so that it always matches the scoreboard's group.
    withoutMinistry: commitments.filter((c) => !c.ministry?.trim()).length,
    note:
      `${commitments.length} engagements connus pour ${announced} annoncés` +
      (fromTable > 0 ? ` (${fromRecords} du dossier, ${fromTable} du tableau de suivi officiel)` : '') +
      `, dont ${confirmed} confirmés dans la liste ` +
      `(${byMembership.CONFIRMED_PRIMARY} par une source officielle, ${byMembership.CONFIRMED_SECONDARY} par la presse). ` +
      `Les ${unidentified} autres viendraient de la liste officielle (un PDF lié au communiqué du 29 avril 2021, non transcrit) ` +
      'ou du tableau de suivi officiel (COMMITMENT_SOURCES=local,tracker) ; aucun n’est inventé.',
  };
}
