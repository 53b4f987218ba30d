-- requires-extension: vector
-- HNSW (cosine) for the default local embedder. The column has no fixed dimension, so the index is on
-- a cast, limited to that model's rows; other models get theirs on first use (PgvectorIndex.ensureIndex).
create index feedback_items_embedding_local_hash_v1_1024_idx
  on feedback_items using hnsw ((embedding::vector(1024)) vector_cosine_ops)
  where embedding_model = 'local-hash-v1-1024';
