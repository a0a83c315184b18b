import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COMMITMENT_STATES } from '../../../src/commitments/model.js';
import { EVIDENCE_LABELS, KINDS, STATE_LABELS, STATES } from '../../../web/src/labels.js';

const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name).sort();

describe('the dashboard’s French labels', () => {
  it('name every kind of evidence the API can return', () => {
    expect(Object.keys(EVIDENCE_LABELS).sort()).toEqual(values('EvidenceKind'));
  });

  it('name every state', () => {
    expect(Object.keys(STATE_LABELS).sort()).toEqual(values('CommitmentState'));
  });

  it('list the states and kinds the API knows, the states in the scoreboard’s order', () => {
    // The page keeps its own copy (it speaks only the public API); this pins it to the server's.
    expect(STATES).toEqual(COMMITMENT_STATES);
    expect([...KINDS].sort()).toEqual(values('CommitmentKind'));
  });
});
