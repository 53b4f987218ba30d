import { describe, expect, it } from 'vitest';
import { calibrationFor, thresholdForLength } from '../../src/domain/clustering/calibration.js';
import { decideAssignment } from '../../src/domain/clustering/decide-assignment.js';
import { cosine, embeddingText } from '../../src/domain/clustering/embedder.js';
import { contentWords, LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';

const e = new LocalEmbedder();
const cal = calibrationFor(e.model);
const embed = (title: string, body = '') => e.embedOne(embeddingText({ title, body }));
const bar = (title: string, body = '') =>
  thresholdForLength(cal.threshold, cal, contentWords({ title, body }));

const LONG_A = `NameNode fails to start after upgrade
After upgrading the cluster the NameNode process exits during startup while loading the fsimage. The log shows
an exception in FSImageFormat while reading the inode section, and the secondary NameNode cannot checkpoint
either. We restored the previous fsimage from backup and the NameNode started again, so the new image written
by the upgrade seems to be the problem. The cluster has 40 DataNodes and about 80 million files.`;
const LONG_B = `DataNode fails to register after upgrade
After upgrading the cluster several DataNode processes exit during startup while scanning their volumes. The
log shows an exception in BlockPoolSlice while reading the replica cache, and the DataNodes cannot register
with the NameNode either. We deleted the replica cache files and the DataNodes started again, so the cache
written before the upgrade seems to be the problem. The cluster has 40 DataNodes and about 80 million files.`;

describe('calibration from short to long reports', () => {
  it('short paraphrases that share one word or none reach the short reports’ threshold', () => {
    for (const [a, b] of [
      ['Please add a dark mode', 'Dark theme please'],
      ['Sign-in with Google loops', 'Google log in keeps redirecting'],
      ['Search is very slow', 'Searching takes forever'],
    ] as const) {
      expect(cosine(embed(a), embed(b)), `${a} / ${b}`).toBeGreaterThanOrEqual(Math.max(bar(a), bar(b)));
    }
    // …and unrelated short reports stay below it
    expect(cosine(embed('Please add a dark mode'), embed('Search is very slow'))).toBeLessThan(
      bar('Search is very slow'),
    );
  });

  it('long reports that share their vocabulary but not their problem stay below the long threshold', () => {
    expect(bar(LONG_A.split('\n')[0]!, LONG_A)).toBeGreaterThan(bar('Dark theme please') + 0.3);
    const [ta, ...ba] = LONG_A.split('\n');
    const [tb, ...bb] = LONG_B.split('\n');
    const s = cosine(embed(ta!, ba.join('\n')), embed(tb!, bb.join('\n')));
    expect(s).toBeGreaterThan(bar('Dark theme please')); // a flat short threshold would merge them
    expect(s).toBeLessThan(bar(ta!, ba.join('\n')));
  });

  it('the threshold rises with the length, from the base for short reports to base + rise', () => {
    const ramp = cal.lengthRamp!;
    expect(thresholdForLength(0.3, cal, 3)).toBe(0.3);
    expect(thresholdForLength(0.3, cal, ramp.from)).toBe(0.3);
    expect(thresholdForLength(0.3, cal, 500)).toBeCloseTo(0.3 + ramp.rise, 6);
    const mid = thresholdForLength(0.3, cal, Math.round(Math.sqrt(ramp.from * ramp.to)));
    expect(mid).toBeGreaterThan(0.3 + ramp.rise * 0.4);
    expect(mid).toBeLessThan(0.3 + ramp.rise * 0.6);
    // embedders without a ramp keep their flat threshold
    expect(thresholdForLength(0.72, calibrationFor('gemini-embedding-001'), 500)).toBe(0.72);
  });
});

describe('the cluster-level test', () => {
  const n = (itemId: string, clusterId: string | null, similarity: number) => ({
    itemId,
    clusterId,
    similarity,
  });

  it('one stray member does not pull a report into a large cluster (no single-link chaining)', () => {
    const neighbors = [n('a', 'big', 0.5), n('x', 'other', 0.2), n('y', null, 0.15)];
    // single nearest item: joins
    expect(decideAssignment(neighbors, 0.4).kind).toBe('join');
    // linkage 2 over a 50-member cluster: (0.5 + 0.15) / 2 < 0.4
    const test = { linkage: 2, margin: 0.02, clusterSizes: new Map([['big', 50]]) };
    const d = decideAssignment(neighbors, 0.4, test);
    expect(d.kind).toBe('single');
    expect(d.kind === 'single' && d.bestCluster).toMatchObject({ clusterId: 'big', nearestItemId: 'a' });
    // close to two of its members: joins with their mean
    const close = [n('a', 'big', 0.5), n('b', 'big', 0.46), n('x', 'other', 0.2)];
    expect(decideAssignment(close, 0.4, test)).toMatchObject({
      kind: 'join',
      clusterId: 'big',
      similarity: 0.48,
    });
  });

  it('a report as close to another cluster as to the best one is not joined on that evidence', () => {
    const test = { linkage: 1, margin: 0.02, clusterSizes: new Map<string, number>() };
    const tie = [n('a', 'c1', 0.61), n('b', 'c2', 0.6)];
    expect(decideAssignment(tie, 0.4, test).kind).toBe('single');
    expect(decideAssignment([n('a', 'c1', 0.7), n('b', 'c2', 0.6)], 0.4, test).kind).toBe('join');
  });
});
