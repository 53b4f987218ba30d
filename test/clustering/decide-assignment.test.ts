import { describe, expect, it } from 'vitest';
import { decideAssignment } from '../../src/domain/clustering/decide-assignment.js';

describe('decideAssignment', () => {
  it('joins the best clustered match even when an unclustered twin ranks first (a report another worker is placing)', () => {
    expect(
      decideAssignment(
        [
          { itemId: 'in-flight', clusterId: null, similarity: 1 },
          { itemId: 'placed', clusterId: 'c1', similarity: 1 },
          { itemId: 'other', clusterId: 'c2', similarity: 0.7 },
        ],
        0.6,
      ),
    ).toMatchObject({ kind: 'join', clusterId: 'c1', similarity: 1, nearestItemId: 'placed' });
  });

  it('starts a cluster with the unclustered matches when none is clustered, and a single below the threshold', () => {
    expect(
      decideAssignment(
        [
          { itemId: 'a', clusterId: null, similarity: 0.9 },
          { itemId: 'b', clusterId: null, similarity: 0.8 },
          { itemId: 'c', clusterId: 'c1', similarity: 0.5 },
        ],
        0.6,
      ),
    ).toMatchObject({ kind: 'new-with-similar', itemIds: ['a', 'b'] });
    expect(decideAssignment([{ itemId: 'a', clusterId: 'c1', similarity: 0.4 }], 0.6)).toMatchObject({
      kind: 'single',
    });
  });
});
