-- requires-extension: vector
-- Embeddings move to their own table. On feedback_items every cluster assignment rewrote the row, and
-- because cluster_id is indexed that was never a HOT update: each assignment re-inserted the 1024-d
-- vector into the HNSW graph (up to 11 rows per new item). Measured at 100k items that cost ~2 s per item;
-- embeddings written once, in a table nothing else updates, keep the graph to one insert per item.
create table item_embeddings (
  item_id uuid primary key,
  project_id uuid not null,
  model text not null,
  embedding vector not null,
  created_at timestamptz not null default now(),
  foreign key (project_id, item_id) references feedback_items (project_id, id) on delete cascade
);
create index item_embeddings_project_model_idx on item_embeddings (project_id, model);
create index item_embeddings_local_hash_v1_1024_idx
  on item_embeddings using hnsw ((embedding::vector(1024)) vector_cosine_ops)
  where model = 'local-hash-v1-1024';

insert into item_embeddings (item_id, project_id, model, embedding)
  select id, project_id, embedding_model, embedding from feedback_items
   where embedding is not null and embedding_model is not null;

drop index feedback_items_embedding_local_hash_v1_1024_idx;
alter table feedback_items drop column embedding;
