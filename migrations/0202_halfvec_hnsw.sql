-- requires-extension: vector
-- The HNSW graph is searched from shared buffers; at 100k items a float32 1024-d index (~420 MB) no longer
-- fit PGlite's buffers and every search paged from disk. halfvec (16-bit floats) halves it, which is
-- plenty for cosine ranking, and lifts the HNSW dimension limit from 2000 to 4000.
drop index if exists item_embeddings_local_hash_v1_1024_idx;
create index item_embeddings_local_hash_v1_1024_idx
  on item_embeddings using hnsw ((embedding::halfvec(1024)) halfvec_cosine_ops)
  where model = 'local-hash-v1-1024';
