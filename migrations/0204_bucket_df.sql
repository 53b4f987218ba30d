-- Per-project document frequencies of the local embedder's hashed buckets: how many of the project's
-- items have each bucket set. The pipeline turns them into IDF weights at query time, so corpus-specific
-- boilerplate (the project's own name, its log format) stops dominating similarity while stored vectors stay
-- valid (they are never rewritten as the counts change). One row per project and model, updated atomically.
create table clustering_bucket_df (
  project_id uuid not null references projects (id) on delete cascade,
  model text not null,
  docs integer not null default 0,
  df integer[] not null,
  updated_at timestamptz not null default now(),
  primary key (project_id, model)
);

-- Summaries read a cluster's most recent items; with received_at in the index that is a bounded scan
-- instead of reading and sorting every member of a large cluster. It also serves every (project_id,
-- cluster_id) lookup the old index did.
create index feedback_items_cluster_received_idx on feedback_items (project_id, cluster_id, received_at desc);
drop index feedback_items_cluster_idx;
