import type { Dataservice, Dataset, Organization, Reuse } from '../upstream/datagouv/model.js';
import { builder } from './builder.js';

// The data.gouv.fr object types refer to one another (a dataset's organization,
// an organization's datasets); declaring the refs apart keeps imports acyclic.
export const DatasetRef = builder.objectRef<Dataset>('Dataset');
export const OrganizationRef = builder.objectRef<Organization>('Organization');
export const DataserviceRef = builder.objectRef<Dataservice>('Dataservice');
export const ReuseRef = builder.objectRef<Reuse>('Reuse');

/** Shared by every list of datasets (search, an organization's, an API's). */
export const DatasetConnectionRef = builder.connectionObject(
  { type: DatasetRef, name: 'DatasetConnection', description: 'A page of datasets, with the upstream total.' },
  { name: 'DatasetEdge', description: 'A dataset in a page, with its cursor.' },
);
