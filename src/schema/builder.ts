import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from './context.js';

/**
 * The one Pothos builder. Fields are non-null unless marked `nullable: true`;
 * every connection carries an honest `totalCount`.
 */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
  };
  Connection: { totalCount: number };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    nodeTypeOptions: { description: 'An object with a globally unique id, fetchable through `node(id:)`.' },
    pageInfoTypeOptions: { description: 'Where a page of a connection stands in the whole list.' },
    idFieldOptions: { description: 'Globally unique id, stable across restarts; pass it to `node(id:)`.' },
    nodeQueryOptions: {
      description: 'Fetches any object that has a global id; null when it no longer exists.',
      args: { id: { description: 'A global id returned by this API.' } },
    },
    nodesQueryOptions: false,
    cursorFieldOptions: { description: 'Opaque cursor of this edge, for `after:`.' },
    nodeFieldOptions: { description: 'The object at this edge.' },
    edgesFieldOptions: { description: 'The objects of this page, with their cursors.' },
    pageInfoFieldOptions: { description: 'Pagination state of this page.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last edge of this page; pass it as `after` for the next page.' },
    firstArgOptions: { description: 'Number of items to return (at most 100, default 20).' },
    afterArgOptions: { description: 'Return the items after this cursor.' },
    lastArgOptions: { description: 'Number of items to return from the end of the list.' },
    beforeArgOptions: { description: 'Return the items before this cursor.' },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Number of items in the whole list, all pages together.',
    resolve: (parent) => parent.totalCount,
  }),
);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType('DateTime', {
  description:
    'An ISO-8601 date-time with its UTC offset as published (e.g. `2021-04-29T16:38:00+02:00`). As input, a date alone means midnight UTC.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
      throw new TypeError(`Expected an ISO-8601 date-time such as 2021-04-29T16:38:00+02:00, got ${JSON.stringify(value)}`);
    }
    return value;
  },
});

builder.scalarType('Date', {
  description: 'A calendar date, `YYYY-MM-DD`.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
      throw new TypeError(`Expected a date such as 2021-09-30, got ${JSON.stringify(value)}`);
    }
    return value;
  },
});

builder.queryType({ description: 'Entry points of the gateway.' });
