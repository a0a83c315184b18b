import { normaliseText } from './normalise-tokens.js';

/**
 * One name per ministry, so that a scoreboard does not split one ministry
 * into as many rows as the sources have spellings. The canonical name is the
 * ministry's full title at the time of the announcement (government Castex,
 * 2020-2022), as the list of ministerial data administrators of 15 May 2021
 * spells it (numerique.gouv.fr, 27 September 2021, in the press-release
 * records); each entry lists the shorter or older wordings the sources use.
 * A ministry not listed here keeps its wording, typographic quotes unified.
 */
const MINISTRIES: readonly { readonly name: string; readonly variants: readonly string[] }[] = [
  {
    name: 'Ministère de l’Éducation nationale, de la Jeunesse et des Sports',
    variants: ['Éducation nationale', 'Ministère de l’Éducation nationale', 'MENJS', 'Ministère de l’Éducation nationale et de la Jeunesse'],
  },
  {
    name: 'Ministère de l’Agriculture et de l’Alimentation',
    variants: ['Agriculture', 'Ministère de l’Agriculture', 'Ministère de l’Agriculture et de la Souveraineté alimentaire'],
  },
  {
    name: 'Ministère de la Transition écologique',
    variants: ['Transition écologique', 'Ministère de la Transition écologique et solidaire', 'MTE'],
  },
  {
    name: 'Ministère de l’Économie, des Finances et de la Relance',
    variants: ['Économie', 'Bercy', 'Ministère de l’Économie et des Finances', 'MEFR'],
  },
  { name: 'Ministère de l’Intérieur', variants: ['Intérieur'] },
  { name: 'Ministère de la Justice', variants: ['Justice'] },
  { name: 'Ministère des Armées', variants: ['Armées'] },
  {
    name: 'Ministère de la Transformation et de la Fonction publiques',
    variants: ['Transformation et Fonction publiques', 'MTFP'],
  },
  {
    name: 'Ministère de l’Enseignement supérieur, de la Recherche et de l’Innovation',
    variants: ['Enseignement supérieur', 'MESRI', 'Ministère de l’Enseignement supérieur et de la Recherche'],
  },
  { name: 'Ministère des Solidarités et de la Santé', variants: ['Solidarités et Santé', 'MSS'] },
  { name: 'Ministère du Travail, de l’Emploi et de l’Insertion', variants: ['Travail', 'MTEI', 'Ministère du Travail'] },
  { name: 'Services du Premier ministre', variants: ['Premier ministre', 'SPM'] },
];

const CANONICAL_BY_KEY: ReadonlyMap<string, string> = new Map(
  MINISTRIES.flatMap(({ name, variants }) => [name, ...variants].map((variant) => [normaliseText(variant), name] as const)),
);

/**
 * The canonical name of a ministry as written in a record; null stays null.
 * Matching ignores case, accents and punctuation ("Ministère de l'Intérieur" =
 * "Ministère de l’Intérieur").
 */
export function toCanonicalMinistry(written: string | null): string | null {
  if (written === null) return null;
  return CANONICAL_BY_KEY.get(normaliseText(written)) ?? written.replace(/'/g, '’');
}
