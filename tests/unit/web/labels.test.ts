import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EVIDENCE_LABELS, STATE_LABELS } from '../../../web/src/labels.js';

const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name).sort();

describe('the dashboard’s French labels', () => {
  it('name every kind of evidence the API can return', () => {
    expect(Object.keys(EVIDENCE_LABELS).sort()).toEqual(values('EvidenceKind'));
  });

  it('name every state', () => {
    expect(Object.keys(STATE_LABELS).sort()).toEqual(values('CommitmentState'));
  });
});
