import type { Dataservice, Dataset } from '../upstream/datagouv/model.js';

/** Tells a Dataservice (an API) from a Dataset: only dataservices carry `baseApiUrl`. */
export function isDataservice(candidate: Dataset | Dataservice): candidate is Dataservice {
  return 'baseApiUrl' in candidate;
}
