import type { Resource, ResourceAvailability, ResourceChecksum, ResourceSchema } from '../upstream/datagouv/model.js';
import { builder } from './builder.js';

const ResourceChecksumRef = builder.objectRef<ResourceChecksum>('ResourceChecksum').implement({
  description: 'Checksum of a hosted file, as computed by data.gouv.fr.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'Algorithm: `sha1`, `sha2`, `sha256`, `md5` or `crc`.' }),
    value: t.exposeString('value', { description: 'The checksum value.' }),
  }),
});

const ResourceAvailabilityRef = builder.objectRef<ResourceAvailability>('ResourceAvailability').implement({
  description: "Result of data.gouv.fr's last availability probe of the file's URL.",
  fields: (t) => ({
    available: t.exposeBoolean('available', { nullable: true, description: 'True when the URL answered; null when never checked.' }),
    status: t.exposeInt('status', { nullable: true, description: 'HTTP status the probe received.' }),
    checkedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the probe ran.',
      resolve: (availability) => availability.checkedAt,
    }),
  }),
});

const ResourceSchemaRef = builder.objectRef<ResourceSchema>('ResourceSchema').implement({
  description: 'The data schema a file declares conforming to (schema.data.gouv.fr).',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Schema name, e.g. `etalab/schema-irve-statique`.' }),
    version: t.exposeString('version', { nullable: true, description: 'Schema version.' }),
    url: t.exposeString('url', { nullable: true, description: 'Schema URL, for external schemas.' }),
  }),
});

export const ResourceRef = builder.objectRef<Resource>('Resource').implement({
  description: 'A file or link published in a dataset.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr resource id (UUID).' }),
    title: t.exposeString('title', { nullable: true, description: 'Title.' }),
    description: t.exposeString('description', { nullable: true, description: 'Description, Markdown.' }),
    type: t.exposeString('type', {
      nullable: true,
      description: 'Role in the dataset: `main`, `documentation`, `update`, `api`, `code` or `other`.',
    }),
    format: t.exposeString('format', {
      nullable: true,
      description: 'Format as declared by the producer, lower-cased (`csv`, `json`, `esri shapefile (shp)`...).',
    }),
    filetype: t.exposeString('filetype', { nullable: true, description: '`file` when hosted by data.gouv.fr, `remote` when linked.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the file is.' }),
    latestUrl: t.exposeString('latestUrl', { nullable: true, description: 'Stable link that always redirects to the latest version.' }),
    filesize: t.float({ nullable: true, description: 'Size in bytes, when known.', resolve: (r) => r.filesize }),
    mime: t.exposeString('mime', { nullable: true, description: 'MIME type, when known.' }),
    checksum: t.field({ type: ResourceChecksumRef, nullable: true, description: 'Checksum, when known.', resolve: (r) => r.checksum }),
    schema: t.field({ type: ResourceSchemaRef, nullable: true, description: 'Declared data schema, when any.', resolve: (r) => r.schema }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When the file was first published.', resolve: (r) => r.createdAt }),
    lastModified: t.field({ type: 'DateTime', nullable: true, description: 'When the file last changed.', resolve: (r) => r.lastModified }),
    availability: t.field({
      type: ResourceAvailabilityRef,
      nullable: true,
      description: "data.gouv.fr's last availability check of the URL; null when never checked.",
      resolve: (r) => r.availability,
    }),
  }),
});
