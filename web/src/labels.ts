/** French words for the API's stable codes; the codes themselves never change. */

export type CommitmentState =
  | 'PUBLISHED_ON_TIME'
  | 'PUBLISHED_LATE'
  | 'PUBLISHED_BEFORE_ANNOUNCEMENT'
  | 'PUBLISHED'
  | 'PENDING'
  | 'OVERDUE'
  | 'WITHDRAWN'
  | 'UNVERIFIABLE'
  | 'UNCHECKED_SOURCE_CODE';

export type CommitmentKind = 'DATASET' | 'API' | 'SOURCE_CODE';

/** In the order the scoreboard lists them. */
export const STATES: readonly CommitmentState[] = [
  'PUBLISHED_ON_TIME',
  'PUBLISHED_LATE',
  'PUBLISHED_BEFORE_ANNOUNCEMENT',
  'PUBLISHED',
  'PENDING',
  'OVERDUE',
  'WITHDRAWN',
  'UNVERIFIABLE',
  'UNCHECKED_SOURCE_CODE',
];

export const KINDS: readonly CommitmentKind[] = ['DATASET', 'API', 'SOURCE_CODE'];

export const STATE_LABELS: Readonly<Record<CommitmentState, string>> = {
  PUBLISHED_ON_TIME: "Publié à l'heure",
  PUBLISHED_LATE: 'Publié en retard',
  PUBLISHED_BEFORE_ANNOUNCEMENT: "Publié avant l'annonce",
  PUBLISHED: 'Publié, sans échéance',
  PENDING: 'En attente',
  OVERDUE: 'Échéance dépassée',
  WITHDRAWN: 'Retiré',
  UNVERIFIABLE: 'Invérifiable',
  UNCHECKED_SOURCE_CODE: 'Code source non vérifié',
};

/**
 * One colour per state, chosen to stay apart for the common colour-vision
 * deficiencies (Okabe–Ito based) and to pass 3:1 against white as chart marks.
 */
export const STATE_COLORS: Readonly<Record<CommitmentState, string>> = {
  PUBLISHED_ON_TIME: '#007a5a',
  PUBLISHED_LATE: '#c25400',
  PUBLISHED_BEFORE_ANNOUNCEMENT: '#3d7fb3',
  PUBLISHED: '#5a8f9e',
  PENDING: '#8a7a2e',
  OVERDUE: '#b0263c',
  WITHDRAWN: '#7b4f9d',
  UNVERIFIABLE: '#5f5f5f',
  UNCHECKED_SOURCE_CODE: '#868686',
};

export const KIND_LABELS: Readonly<Record<CommitmentKind, string>> = {
  DATASET: 'Jeu de données',
  API: 'API',
  SOURCE_CODE: 'Code source',
};

export const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  EXPLICIT_LINK: 'Lien donné par la fiche',
  TITLE_MATCH: 'Titre ressemblant',
  ACRONYM_MATCH: 'Sigle ou nom propre retrouvé',
  ORGANIZATION_MATCH: 'Même producteur',
  CREATED_AFTER_ANNOUNCEMENT: "Créé après l'annonce",
  CREATED_BEFORE_ANNOUNCEMENT: "Créé avant l'annonce",
  TAG_MATCH: 'Mots-clés communs',
  REPOSITORY_URL: 'Dépôt de code indiqué',
  NO_CANDIDATE: 'Aucun résultat',
  BELOW_THRESHOLD: 'Aucun candidat assez proche',
  DELETED: 'Supprimé',
  ARCHIVED: 'Archivé',
  UPSTREAM_FAILURE: 'data.gouv.fr en échec',
  STALE_EVIDENCE: 'Constat ancien',
  NO_PLANNED_DATE: 'Pas de date annoncée',
  LINK_NOT_FOUND: 'Lien introuvable',
  NO_PUBLICATION_DATE: 'Pas de date de publication',
  FIRST_PUBLICATION: 'Première publication',
  DEADLINE: 'Échéance',
  POSTPONED: 'Report annoncé',
  NO_REPOSITORY_URL: 'Aucun dépôt connu',
  PRIVATE: 'Privé',
  NOT_LOOKED_UP: 'Non recherché',
  ALTERNATIVE_NAME_MATCH: 'Nom alternatif retrouvé',
  IDENTIFIER_MATCH: 'Identifiant connu retrouvé',
  ORGANIZATION_MISMATCH: 'Autre producteur',
  TITLE_PREFIX: 'Titre plus long que promis',
  KIND_MISMATCH: "Publié sous une autre forme",
  CLAIM_CONFLICT: 'Attribué à un autre engagement',
  REMEMBERED_OBJECT: 'Objet d’une vérification précédente',
  GONE: 'Disparu de data.gouv.fr',
  SEARCH_MADE: 'Recherche effectuée',
  NEAR_MISS: 'Candidat le plus proche',
  RECORD_FIRST_LISTING: 'Date sourcée de la fiche',
  LISTING_DATE_ONLY: 'Seule date : le référencement',
  DEADLINE_UNKNOWN: 'Échéance illisible',
  NOT_IN_CATALOGUE: 'Absent de data.gouv.fr',
  UPSTREAM_UNUSABLE: 'data.gouv.fr inutilisable',
  HELD_BY_GUARD: 'Changement massif retenu',
  FORK: 'Copie (fork) d’un autre dépôt',
  LOOK_ALIKE: 'Dépôt voisin (exemple, extension…)',
  ACCOUNT_MATCH: 'Compte attendu',
  ACCOUNT_MISMATCH: 'Autre compte',
  DESCRIPTION_MATCH: 'Description proche',
  REPOSITORY_DATE_ONLY: 'Seule date : la création du dépôt',
};

export const FRESHNESS_LABELS: Readonly<Record<string, string>> = {
  FRESH: 'À jour',
  LATE_UPDATE: 'Mise à jour attendue non venue',
  UNKNOWN: 'Inconnue',
};

export const MEMBERSHIP_LABELS: Readonly<Record<string, string>> = {
  CONFIRMED_PRIMARY: 'Confirmé par une source officielle',
  CONFIRMED_SECONDARY: 'Confirmé par la presse',
  NOT_CONFIRMED: 'Non confirmé',
  UNKNOWN: 'Inconnue',
};

/** The fields of a recorded verdict (`FieldChange.field`), as the history lists what changed. */
export const RECORDED_FIELD_LABELS: Readonly<Record<string, string>> = {
  state: 'État',
  firstPublishedAt: 'Première publication',
  firstPublicationSource: 'Source de la date de première publication',
  objectKind: "Type d'objet trouvé",
  objectId: 'Identifiant sur data.gouv.fr',
  objectSlug: 'Adresse sur data.gouv.fr',
  confidence: 'Confiance',
  stale: 'Constat ancien',
  held: 'Retenu par la protection contre les disparitions massives',
};

export const RECORDED_OBJECT_KIND_LABELS: Readonly<Record<string, string>> = {
  DATASET: 'jeu de données',
  DATASERVICE: 'API',
};

export const FIRST_PUBLICATION_SOURCES: Readonly<Record<string, string>> = {
  RECORD: 'date sourcée de la fiche',
  DATASET: 'création du jeu de données sur data.gouv.fr',
  RESOURCE: 'création de son plus ancien fichier sur data.gouv.fr',
  DATASERVICE_LISTING: "référencement de l'API sur data.gouv.fr (borne haute : publié au plus tard ce jour-là)",
  REPOSITORY_CREATED: 'création du dépôt sur sa forge (borne haute : un dépôt peut avoir été réimporté)',
};
