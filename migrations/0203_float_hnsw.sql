-- requires-extension: vector
-- Back to float32 in the HNSW graph: measured on PGlite (WASM, no F16C), halfvec distance computations made
-- every graph insert and search slower (1k items: p50 77 ms per clustered item vs 19-28 ms with vector).
-- The buffer cache (SOULCASTER_PGLITE_SHARED_BUFFERS) is what keeps a large graph in memory.
drop index if exists item_embeddings_local_hash_v1_1024_idx;
create index item_embeddings_local_hash_v1_1024_idx
  on item_embeddings using hnsw ((embedding::vector(1024)) vector_cosine_ops)
  where model = 'local-hash-v1-1024';
