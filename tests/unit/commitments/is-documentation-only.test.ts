import { describe, expect, it } from 'vitest';
import { isDocumentationOnly } from '../../../src/commitments/is-documentation-only.js';
import { makeResource } from './builders.js';

describe('isDocumentationOnly', () => {
  it('is true when every resource is documentation or a document format', () => {
    expect(isDocumentationOnly([
      makeResource({ type: 'documentation', format: 'csv' }),
      makeResource({ type: 'main', format: 'pdf' }),
      makeResource({ type: 'main', format: 'docx' }),
      makeResource({ type: 'other', format: 'html' }),
    ])).toBe(true);
  });

  it('is false as soon as one resource carries data', () => {
    expect(isDocumentationOnly([makeResource({ type: 'main', format: 'pdf' }), makeResource({ type: 'main', format: 'csv' })])).toBe(false);
  });

  it('is false for a resource without a declared format (it cannot be shown to be documentation)', () => {
    expect(isDocumentationOnly([makeResource({ type: 'main', format: null })])).toBe(false);
  });

  it('reads compound formats part by part ("pdf, odt" is documentation, "csv,pdf" is not)', () => {
    expect(isDocumentationOnly([makeResource({ format: 'pdf, odt' })])).toBe(true);
    expect(isDocumentationOnly([makeResource({ format: 'csv,pdf' })])).toBe(false);
  });

  it('is null when resources are unknown (v2 payload) or absent', () => {
    expect(isDocumentationOnly(null)).toBeNull();
    expect(isDocumentationOnly([])).toBeNull();
  });
});
