import { describe, expect, it } from 'vitest';
import { parseDatagouvLinks } from '../../../src/press-releases/parse-datagouv-links.js';

describe('parseDatagouvLinks', () => {
  it('finds every kind of data.gouv.fr object link in a realistic body, in order', () => {
    const body = [
      'Les données sont sur [data.gouv.fr](https://www.data.gouv.fr/fr/datasets/base-adresse-nationale/){:target="_blank"}.',
      'Téléchargez [le fichier (pdf - 836 Ko)](https://www.data.gouv.fr/fr/datasets/r/81b96712-d043-468b-aba6-8eb16ce09a2a "Cadre - Lien externe").',
      '<a href="https://www.data.gouv.fr/fr/organizations/institut-national-de-l-information-geographique-et-forestiere/">IGN</a>',
      "L'API est décrite sur https://www.data.gouv.fr/dataservices/api-adresse, et une réutilisation sur",
      '<https://data.gouv.fr/en/reuses/carte-des-adresses/>; voir aussi data.gouv.fr/datasets/dvf?tab=resources.',
    ].join('\n');
    expect(parseDatagouvLinks(body)).toEqual([
      {
        kind: 'DATASET',
        idOrSlug: 'base-adresse-nationale',
        url: 'https://www.data.gouv.fr/fr/datasets/base-adresse-nationale/',
      },
      {
        kind: 'RESOURCE',
        idOrSlug: '81b96712-d043-468b-aba6-8eb16ce09a2a',
        url: 'https://www.data.gouv.fr/fr/datasets/r/81b96712-d043-468b-aba6-8eb16ce09a2a',
      },
      {
        kind: 'ORGANIZATION',
        idOrSlug: 'institut-national-de-l-information-geographique-et-forestiere',
        url: 'https://www.data.gouv.fr/fr/organizations/institut-national-de-l-information-geographique-et-forestiere/',
      },
      {
        kind: 'DATASERVICE',
        idOrSlug: 'api-adresse',
        url: 'https://www.data.gouv.fr/dataservices/api-adresse',
      },
      {
        kind: 'REUSE',
        idOrSlug: 'carte-des-adresses',
        url: 'https://data.gouv.fr/en/reuses/carte-des-adresses/',
      },
      { kind: 'DATASET', idOrSlug: 'dvf', url: 'data.gouv.fr/datasets/dvf?tab=resources' },
    ]);
  });

  it('lists an object once, with the first spelling found', () => {
    const body =
      '[a](https://www.data.gouv.fr/fr/datasets/sirene/) then [b](http://data.gouv.fr/datasets/sirene) ' +
      'and [c](https://www.data.gouv.fr/fr/datasets/sirene/#/resources).';
    expect(parseDatagouvLinks(body)).toEqual([
      { kind: 'DATASET', idOrSlug: 'sirene', url: 'https://www.data.gouv.fr/fr/datasets/sirene/' },
    ]);
  });

  it('ignores the home page, listings, other hosts and e-mail addresses', () => {
    const body = [
      '[data.gouv.fr](https://www.data.gouv.fr/fr/ "data.gouv.fr - Lien externe"), https://data.gouv.fr',
      'https://www.data.gouv.fr/fr/datasets/ https://www.data.gouv.fr/fr/datasets/?q=adresse',
      'https://meteo.data.gouv.fr/ https://explore.data.gouv.fr/immobilier?onglet=carte https://mes-adresses.data.gouv.fr/',
      'https://www.data.gouv.fr.example.com/fr/datasets/fake/ https://notdata.gouv.fr/datasets/fake',
      '[contactez-nous](mailto:logiciels-libres@data.gouv.fr)',
      'https://www.data.gouv.fr/fr/datasets/r/not-a-uuid',
    ].join('\n');
    expect(parseDatagouvLinks(body)).toEqual([]);
  });

  it('drops sentence punctuation after a bare URL', () => {
    expect(parseDatagouvLinks('Voir https://www.data.gouv.fr/fr/reuses/mon-outil/.')).toEqual([
      { kind: 'REUSE', idOrSlug: 'mon-outil', url: 'https://www.data.gouv.fr/fr/reuses/mon-outil/' },
    ]);
  });

  it('returns nothing for a body without links', () => {
    expect(parseDatagouvLinks('Aucun lien ici.')).toEqual([]);
  });
});
