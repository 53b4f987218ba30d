-- requires-extension: vector
-- Embeddings live beside their item. The column has no fixed dimension because the embedder is
-- pluggable; indexes are per model/dimension (see the clustering migrations).
create extension if not exists vector;

alter table feedback_items add column embedding vector;
alter table feedback_items add column embedding_model text;
create index feedback_items_embedding_model_idx on feedback_items (project_id, embedding_model);
