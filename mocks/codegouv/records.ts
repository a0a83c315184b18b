/**
 * The repositories the code.gouv.fr emulation serves. Every record here is
 * SYNTHETIC: written for the demo and the tests, in the shape of the real
 * inventory and API (see `src/upstream/codegouv/FORMATS.md`), not copied
 * from them. Names, dates and descriptions are invented to exercise the
 * verdicts: the repository of a promise, an example and a fork of it, a
 * third-party tool bearing the promised name, an archived repository, one
 * created after its deadline, and unrelated neighbours.
 */

export interface EmulatedRepository {
  /** The API's name of the forge (`GitHub`, `gitlab.com`). */
  readonly host: 'GitHub' | 'gitlab.com';
  readonly fullName: string;
  readonly description: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly pushedAt: string;
  readonly archived: boolean;
  readonly fork: boolean;
  /** The repository it was forked from, for forks. */
  readonly sourceName?: string;
  readonly license: string | null;
  readonly language: string | null;
  readonly topics: readonly string[];
  readonly forksCount: number;
}

export const EMULATED_REPOSITORIES: readonly EmulatedRepository[] = [
  {
    host: 'GitHub',
    fullName: 'france-connect/sources',
    description: 'FranceConnect : code source de la plateforme d’identification (fournisseurs d’identité et de service) [synthétique]',
    createdAt: '2021-11-05T09:12:44Z',
    updatedAt: '2026-10-02T08:00:00Z',
    pushedAt: '2026-09-30T15:21:09Z',
    archived: false,
    fork: false,
    license: 'mit',
    language: 'TypeScript',
    topics: ['franceconnect', 'identity', 'oidc'],
    forksCount: 41,
  },
  {
    host: 'GitHub',
    fullName: 'france-connect/service-provider-example',
    description: 'Exemple de fournisseur de service pour tester une intégration FranceConnect [synthétique]',
    createdAt: '2018-03-14T10:00:00Z',
    updatedAt: '2025-04-11T12:00:00Z',
    pushedAt: '2025-04-10T17:45:00Z',
    archived: false,
    fork: false,
    license: 'mit',
    language: 'JavaScript',
    topics: ['franceconnect', 'example'],
    forksCount: 12,
  },
  {
    host: 'GitHub',
    fullName: 'france-connect/identity-provider-example',
    description: 'Exemple de fournisseur d’identité FranceConnect, pour la recette [synthétique]',
    createdAt: '2018-03-14T10:30:00Z',
    updatedAt: '2024-12-01T12:00:00Z',
    pushedAt: '2024-11-28T09:10:00Z',
    archived: false,
    fork: false,
    license: 'mit',
    language: 'JavaScript',
    topics: ['franceconnect', 'example'],
    forksCount: 7,
  },
  {
    host: 'GitHub',
    fullName: 'atelier-numerique-demo/franceconnect',
    description: 'Copie de travail du code source de FranceConnect [synthétique]',
    createdAt: '2022-02-01T08:00:00Z',
    updatedAt: '2023-06-01T08:00:00Z',
    pushedAt: '2022-02-03T08:00:00Z',
    archived: false,
    fork: true,
    sourceName: 'france-connect/sources',
    license: 'mit',
    language: 'TypeScript',
    topics: [],
    forksCount: 0,
  },
  {
    host: 'GitHub',
    fullName: 'ville-exemple/franceconnect',
    description: 'Module Drupal de connexion avec FranceConnect pour les sites de collectivités [synthétique]',
    createdAt: '2019-09-09T09:09:09Z',
    updatedAt: '2025-01-15T10:00:00Z',
    pushedAt: '2024-12-20T10:00:00Z',
    archived: false,
    fork: false,
    license: 'gpl-2.0',
    language: 'PHP',
    topics: ['drupal', 'franceconnect'],
    forksCount: 3,
  },
  {
    host: 'GitHub',
    fullName: 'territoires-numeriques-demo/franceconnect-kit',
    description: 'Kit d’intégration de FranceConnect pour les démarches en ligne des communes [synthétique]',
    createdAt: '2020-06-02T14:00:00Z',
    updatedAt: '2023-03-03T10:00:00Z',
    pushedAt: '2023-03-01T10:00:00Z',
    archived: false,
    fork: false,
    license: 'eupl-1.2',
    language: 'Python',
    topics: [],
    forksCount: 1,
  },
  {
    host: 'GitHub',
    fullName: 'dg-tresor-demo/opale',
    description: 'Opale, modèle de prévision macroéconomique de l’économie française [synthétique]',
    createdAt: '2021-08-30T13:30:00Z',
    updatedAt: '2025-11-03T10:00:00Z',
    pushedAt: '2025-11-02T10:00:00Z',
    archived: false,
    fork: false,
    license: 'eupl-1.2',
    language: 'R',
    topics: ['macroeconomie'],
    forksCount: 5,
  },
  {
    host: 'gitlab.com',
    fullName: 'drees-demo/modeles/livia',
    description: 'Livia : projection du nombre de personnes âgées de plus de 60 ans, 2015-2050 [synthétique]',
    createdAt: '2021-05-20T09:00:00Z',
    updatedAt: '2023-01-10T09:00:00Z',
    pushedAt: '2022-01-10T09:00:00Z',
    archived: true,
    fork: false,
    license: 'eupl-1.2',
    language: 'SAS',
    topics: [],
    forksCount: 0,
  },
  {
    host: 'gitlab.com',
    fullName: 'education-nationale-demo/affelnet-lycee',
    description: 'Algorithme d’affectation en seconde générale et technologique utilisé par Affelnet lycée [synthétique]',
    createdAt: '2021-10-04T16:20:00Z',
    updatedAt: '2024-09-01T09:00:00Z',
    pushedAt: '2024-08-30T09:00:00Z',
    archived: false,
    fork: false,
    license: 'agpl-3.0',
    language: 'Java',
    topics: [],
    forksCount: 2,
  },
  {
    host: 'GitHub',
    fullName: 'dinum-demo/annuaire-des-services',
    description: 'Annuaire des services numériques de l’État [synthétique]',
    createdAt: '2020-01-10T10:00:00Z',
    updatedAt: '2025-05-05T10:00:00Z',
    pushedAt: '2025-05-04T10:00:00Z',
    archived: false,
    fork: false,
    license: 'mit',
    language: 'Go',
    topics: [],
    forksCount: 4,
  },
  {
    host: 'GitHub',
    fullName: 'dgfip-demo/outil-test-fec',
    description: 'Outil de contrôle des fichiers des écritures comptables [synthétique]',
    createdAt: '2016-02-02T10:00:00Z',
    updatedAt: '2024-02-02T10:00:00Z',
    pushedAt: '2024-02-01T10:00:00Z',
    archived: false,
    fork: false,
    license: null,
    language: 'Perl',
    topics: [],
    forksCount: 9,
  },
];
