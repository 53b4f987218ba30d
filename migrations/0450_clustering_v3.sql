-- requires-extension: vector
-- The local embedder is now local-hybrid-v3-1088 (parameterized values, 1024 hashed lexical buckets and
-- 64 static word-vector dimensions: docs/CLUSTERING.md). Items are re-embedded by the reembed-items job;
-- v2 vectors are never searched again, so their graph goes. The bucket counts of v3 start empty and count
-- one report per cluster (the one that founded it), so a frequent problem's words are not taken for
-- boilerplate.
drop index if exists item_embeddings_local_hash_v2_1024_idx;
create index if not exists item_embeddings_local_hybrid_v3_1088_idx
  on item_embeddings using hnsw ((embedding::vector(1088)) vector_cosine_ops)
  where model = 'local-hybrid-v3-1088';

-- Why each report is in its cluster: the decision the pipeline took, the score against the cluster, the
-- nearest item and its similarity, the threshold it had to reach, and the LLM's verdict when a borderline
-- match was checked. Shown on the cluster page so a person can trust or correct a grouping.
create table clustering_decisions (
  item_id uuid primary key references feedback_items (id) on delete cascade,
  project_id uuid not null references projects (id) on delete cascade,
  kind text not null check (kind in ('join', 'new-with-similar', 'pulled-in', 'single')),
  score real,
  threshold real not null,
  nearest_item_id uuid,
  nearest_similarity real,
  llm_verdict boolean,
  llm_reason text,
  model text not null,
  decided_at timestamptz not null default now()
);

-- The LLM's answers on borderline pairs ("same underlying problem?"), cached per pair so a question is
-- asked once, and counted per hour against the configured cap.
create table clustering_llm_checks (
  project_id uuid not null references projects (id) on delete cascade,
  item_id uuid not null,
  other_item_id uuid not null,
  same boolean not null,
  reason text not null,
  model text not null,
  created_at timestamptz not null default now(),
  primary key (project_id, item_id, other_item_id)
);
create index clustering_llm_checks_recent_idx on clustering_llm_checks (created_at);
