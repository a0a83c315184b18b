import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInputError, UpstreamError } from '../../../src/errors/gateway-error.js';
import { toGraphQLError, type MaskedErrorReport } from '../../../src/server/to-graphql-error.js';

const fromResolver = (error: Error) => new GraphQLError(error.message, { path: ['dataset'], originalError: error });

describe('toGraphQLError', () => {
  it('keeps a gateway error’s message and code, and only the details a client may see', () => {
    const reports: MaskedErrorReport[] = [];
    const details = { url: 'https://x.internal/api/1/', host: 'x.internal', upstreamMessage: 'at x.internal', status: 503, attempts: 3 };
    const error = toGraphQLError(
      fromResolver(new UpstreamError('UPSTREAM_TIMEOUT', 'data.gouv.fr did not answer in time', { details })),
      (r) => reports.push(r),
    );
    expect(error.message).toBe('data.gouv.fr did not answer in time');
    expect(error.extensions).toEqual({ status: 503, attempts: 3, code: 'UPSTREAM_TIMEOUT' });
    expect(error.path).toEqual(['dataset']);
    expect(reports).toEqual([]);
  });

  it('codes a refused input BAD_USER_INPUT', () => {
    const error = toGraphQLError(fromResolver(new BadUserInputError('idOrSlug must be an id or a slug')), () => undefined);
    expect(error.extensions['code']).toBe('BAD_USER_INPUT');
  });

  it('masks anything else behind a reference that the log carries too', () => {
    const reports: MaskedErrorReport[] = [];
    const secret = new TypeError("Cannot read properties of undefined (reading 'password')");
    const error = toGraphQLError(fromResolver(secret), (r) => reports.push(r));
    expect(error.message).not.toContain('password');
    expect(error.extensions['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(reports).toEqual([{ errorId: error.extensions['errorId'], error: secret }]);
    expect(error.message).toContain(String(error.extensions['errorId']));
  });

  it('passes the client’s own syntax and validation errors through', () => {
    const validation = new GraphQLError('Cannot query field "titel" on type "Dataset". Did you mean "title"?');
    expect(toGraphQLError(validation, () => undefined)).toBe(validation);
  });
});
