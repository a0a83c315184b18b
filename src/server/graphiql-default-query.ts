import type { UpstreamSource } from '../upstream/datagouv/datagouv-client.js';

const FOUNDING_SLUG =
  'le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees';

const DEMO_BANNER = `# ⚠ MODE DÉMONSTRATION : les données data.gouv.fr viennent d'une émulation locale
# (réponses réelles enregistrées et fiches synthétiques), pas de l'API en direct.
# upstreamStatus.source vaut MOCK et chaque réponse porte extensions.notice.

`;

/**
 * The document GraphiQL opens with: the saved example queries, commented in
 * French for the journalists who are the explorer's first users. In demo mode
 * it opens with a banner saying the catalogue data is not live.
 */
export function createGraphiqlDefaultQuery(source: UpstreamSource): string {
  return `${source === 'MOCK' ? DEMO_BANNER : ''}# Passerelle GraphQL : annonces d'ouverture de données publiques et catalogue data.gouv.fr.
# Choisissez une requête avec le bouton ▶ (menu déroulant). L'onglet « Docs » décrit chaque champ.
# Les états : PUBLISHED_ON_TIME (à temps), PUBLISHED_LATE (en retard), OVERDUE (échéance dépassée,
# rien trouvé), PENDING (pas encore dû), WITHDRAWN (supprimé/archivé), UNVERIFIABLE (data.gouv.fr
# injoignable : aucune conclusion). « stale » signale un verdict resservi parce que data.gouv.fr
# a échoué. Les verdicts sont ceux de la dernière vérification enregistrée (latestEvaluationRun) ;
# asOf lit ceux d'une date passée. firstPublication dit d'où vient la date de première publication (dossier sourcé,
# création du jeu de données, référencement d'une API : une borne haute, jamais une preuve de retard).

# 1. Qu'a promis le communiqué du 29 avril 2021, et où en est chaque engagement ?
query PromessesDu29Avril2021 {
  announcement(slug: "${FOUNDING_SLUG}") {
    title
    publishedAt
    commitments {
      key
      title
      kind
      plannedQuarter
      dueDate
      status {
        state
        daysLate
        daysOverdue
        confidence
        stale
        checkedAt
        firstPublication { day source url exact }
        listedOnDatagouvAt
        dataset { title url createdAt }
        dataservice { title url createdAt }
        evidence { kind detail url }
      }
    }
  }
  commitmentCoverage { announced known confirmed note }
  upstreamStatus { source }
}

# 2. Quels ministères sont en retard ?
query MinisteresEnRetard {
  scoreboard(groupBy: MINISTRY) {
    key
    total
    publishedOnTime
    publishedLate
    overdue
    pending
    onTimeRate
    publishedRate
    medianDaysLate
  }
  upstreamStatus { source }
}

# 3. Les API dont l'échéance est dépassée sans publication trouvée.
query ApiEnRetard {
  commitments(filter: { kind: API, state: OVERDUE }) {
    totalCount
    edges {
      node {
        title
        ministry
        plannedQuarter
        dueDate
        status { daysOverdue confidence evidence { kind detail } candidates { score dataservice { title url } } }
      }
    }
  }
  upstreamStatus { source }
}

# 4. Notre verdict à côté de celui du tableau de suivi officiel (si COMMITMENT_SOURCES=local,tracker ;
#    sourceLabel dit s'il s'agit du vrai tableau ou de données de démonstration synthétiques).
query VerdictEtTableauOfficiel {
  commitments(first: 100) {
    edges {
      node {
        key
        title
        status { state firstPublication { day source } }
        officialStatus { openingStatus estimatedDate synthetic sourceLabel }
      }
    }
  }
}

# 5. Recherche plein texte dans les communiqués (sans accents ni majuscules obligatoires).
query RechercheCommuniques {
  announcements(search: "feuilles de route donnees", first: 5) {
    totalCount
    edges { node { title publishedAt collection lede } }
  }
  announcementLoadErrors { path reason message }
}

# 6. Ce qui a changé depuis une date (verdicts, jeux retirés ou recréés, fichiers, licences),
#    et l'historique d'un engagement. Lu dans la mémoire de la passerelle : aucun appel à data.gouv.fr.
query ChangementsRecents {
  changes(since: "2021-04-29T00:00:00+02:00", first: 20) {
    totalCount
    edges { node { at kind commitmentKey sentence before after } }
  }
  commitment(key: "c002") {
    title
    history(first: 10) { edges { node { day state sentence changes { field before after } } } }
  }
  latestEvaluationRun { finishedAt complete upstreamState }
}

# 7. Le tableau de bord tel qu'il était à une date passée (verdicts enregistrés ce jour-là).
query TableauALaDate {
  scoreboard(groupBy: MINISTRY, asOf: "2026-11-29") { key total publishedOnTime overdue withdrawn }
}
`;
}
