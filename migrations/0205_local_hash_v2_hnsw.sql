-- requires-extension: vector
-- The local embedder is now local-hash-v2-1024 (static IDF, identifier splitting, framework stack frames
-- dropped: docs/CLUSTERING.md). Items are re-embedded by the reembed-items job; v1 vectors are never
-- searched again, so their graph goes.
drop index if exists item_embeddings_local_hash_v1_1024_idx;
create index if not exists item_embeddings_local_hash_v2_1024_idx
  on item_embeddings using hnsw ((embedding::vector(1024)) vector_cosine_ops)
  where model = 'local-hash-v2-1024';
