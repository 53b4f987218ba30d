/** Sparse unit vectors for exact nearest-neighbour search in evaluations. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export function toSparse(dense: number[]): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  dense.forEach((v, i) => {
    if (v !== 0) {
      idx.push(i);
      val.push(v);
    }
  });
  return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
}

export function fromMap(weights: Map<number, number>): SparseVector {
  const entries = [...weights.entries()].sort((a, b) => a[0] - b[0]);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return {
    idx: Int32Array.from(entries.map((e) => e[0])),
    val: Float32Array.from(entries.map((e) => e[1] / norm)),
  };
}

export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) {
      dot += a.val[i++]! * b.val[j++]!;
    } else if (x < y) i++;
    else j++;
  }
  return dot;
}

/** Cosine of a and b after scaling each dimension by its weight (the pipeline's bucket-IDF re-scoring). */
export function weightedCosine(a: SparseVector, b: SparseVector, weights: ArrayLike<number>): number {
  const norm = (v: SparseVector) => {
    let n = 0;
    for (let k = 0; k < v.idx.length; k++) n += (v.val[k]! * weights[v.idx[k]!]!) ** 2;
    return Math.sqrt(n);
  };
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) {
      const w = weights[x]!;
      dot += a.val[i++]! * b.val[j++]! * w * w;
    } else if (x < y) i++;
    else j++;
  }
  const n = norm(a) * norm(b);
  return n === 0 ? 0 : dot / n;
}

/**
 * The pipeline's re-scoring of a hybrid vector: its first `hashed` dimensions (the lexical part) are
 * compared by their IDF-weighted cosine, scaled by the parts' norms (their share of the plain cosine),
 * and the remaining dimensions (the semantic part) by their plain dot product, so reweighting changes
 * what counts within the lexical part but not the parts' shares.
 */
export function hybridWeightedCosine(
  a: SparseVector,
  b: SparseVector,
  weights: ArrayLike<number>,
  hashed: number,
): number {
  const split = (v: SparseVector) => {
    let k = 0;
    while (k < v.idx.length && v.idx[k]! < hashed) k++;
    return k;
  };
  const ka = split(a);
  const kb = split(b);
  const part = (v: SparseVector, from: number, to: number): SparseVector => ({
    idx: v.idx.subarray(from, to),
    val: v.val.subarray(from, to),
  });
  const la = part(a, 0, ka);
  const lb = part(b, 0, kb);
  const norm = (v: SparseVector) => Math.sqrt(sparseDot(v, v));
  const lexical = ka === 0 || kb === 0 ? 0 : norm(la) * norm(lb) * weightedCosine(la, lb, weights);
  return lexical + sparseDot(part(a, ka, a.idx.length), part(b, kb, b.idx.length));
}
