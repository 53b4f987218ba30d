import { describe, expect, it } from 'vitest';
import { cosine } from '../../src/domain/clustering/embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import {
  localTokens,
  stripStackFrames,
  wordWeight,
} from '../../src/domain/clustering/embedders/local-tokens.js';
import { weightedCosine, toSparse } from '../../src/domain/clustering/evaluation/sparse.js';

const e = new LocalEmbedder();
const frames = (app: string, cls: string) =>
  [
    `at ${app}.${cls}.handle(${cls}.java:42)`,
    'at java.lang.reflect.Method.invoke(Method.java:498)',
    'at sun.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:62)',
    'at org.junit.runners.model.FrameworkMethod$1.runReflectiveCall(FrameworkMethod.java:50)',
    'at org.junit.internal.runners.model.ReflectiveCallable.run(ReflectiveCallable.java:12)',
    'at org.junit.runners.ParentRunner.runLeaf(ParentRunner.java:365)',
  ].join('\n');

describe('local embedder v2', () => {
  it('splits code identifiers and keeps the whole identifier too', () => {
    const tokens = localTokens('NullPointerException in org.apache.FSNamesystem');
    expect(tokens).toEqual([
      { compound: 'nullpointerexception' },
      { word: 'null' },
      { word: 'pointer' },
      { word: 'exception' },
      { compound: 'org.apache.fsnamesystem' },
      { word: 'org' },
      { word: 'apache' },
      { word: 'fs' },
      { word: 'namesystem' },
    ]);
    const a = e.embedOne('NullPointerException in FileSystem.getBlocks');
    const b = e.embedOne('null pointer exception when the file system gets blocks');
    const c = e.embedOne('dark mode colours are unreadable');
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.2);
  });

  it('drops framework stack frames and keeps the first application frames', () => {
    const stripped = stripStackFrames(frames('ingest', 'Worker'));
    expect(stripped).toContain('ingest.Worker.handle');
    expect(stripped).not.toMatch(/java\.lang|sun\.reflect|org\.junit/);
    // two unrelated failures sharing only test-runner boilerplate stay apart
    const disk = e.embedOne(`Datanode disk full\nDatanode disk full\n${frames('storage', 'VolumeScanner')}`);
    const login = e.embedOne(`Login page slow\nLogin page slow\n${frames('web', 'SessionFilter')}`);
    expect(cosine(disk, login)).toBeLessThan(0.25);
  });

  it('weighs everyday words below rare and technical ones, from a static table', () => {
    expect(wordWeight('the')).toBeLessThan(0.05);
    expect(wordWeight('problem')).toBeLessThan(wordWeight('checkout'));
    expect(wordWeight('namenode')).toBe(1);
  });
});

describe('bucket IDF re-scoring', () => {
  it('is the cosine of the element-wise reweighted vectors', () => {
    const a = [0.6, 0.8, 0, 0];
    const b = [0.6, 0, 0.8, 0];
    const w = [2, 1, 1, 1];
    const scaled = (v: number[]) => v.map((x, i) => x * w[i]!);
    const expected = cosine(scaled(a), scaled(b)) / (Math.hypot(...scaled(a)) * Math.hypot(...scaled(b)));
    expect(weightedCosine(toSparse(a), toSparse(b), w)).toBeCloseTo(expected, 6);
    expect(weightedCosine(toSparse(a), toSparse(b), [1, 1, 1, 1])).toBeCloseTo(cosine(a, b), 6);
  });
});
