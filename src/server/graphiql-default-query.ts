/**
 * The query GraphiQL opens with. Comments are in French for the journalists who
 * are the first users of the explorer.
 */
export const GRAPHIQL_DEFAULT_QUERY = `# Passerelle GraphQL : annonces d'ouverture de données publiques et catalogue data.gouv.fr.
# Cliquez sur ▶ pour exécuter. L'onglet « Docs » décrit chaque type et chaque champ.

# Le communiqué fondateur du 29 avril 2021 (63 jeux de données, API et codes sources annoncés)
# et une recherche plein texte (insensible aux accents et à la casse).
query CommuniqueFondateur {
  communique: announcement(
    slug: "le-gouvernement-poursuit-son-engagement-pour-une-politique-ambitieuse-douverture-des-donnees-publiques-en-publiant-63-nouveaux-jeux-de-donnees"
  ) {
    title
    publishedAt
    lede
    pressContact { name phones email }
    attachments { title url }
  }
  recherche: announcements(search: "feuilles de route donnees", first: 5) {
    totalCount
    edges { node { title publishedAt collection } }
  }
  # Fichiers écartés au chargement, avec leur motif.
  announcementLoadErrors { path reason message }
}
`;
