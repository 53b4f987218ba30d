export const clusterStatuses = ['new', 'fixing', 'pr_opened', 'failed', 'resolved', 'ignored'] as const;
export type ClusterStatus = (typeof clusterStatuses)[number];

export interface Cluster {
  id: string;
  title: string;
  summary: string;
  summaryKind: 'llm' | 'extractive' | null;
  status: ClusterStatus;
  repo: string | null;
  itemCount: number;
  sourceCounts: Record<string, number>;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  reopenedCount: number;
  /** why the status is what it is, when the status alone does not say ("PR closed without merge") */
  statusReason: string | null;
  createdAt: Date;
}

export interface ClusterRow {
  id: string;
  title: string;
  summary: string;
  summary_kind: 'llm' | 'extractive' | null;
  status: ClusterStatus;
  repo: string | null;
  item_count: number;
  source_counts: Record<string, number>;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  reopened_count: number;
  status_reason: string | null;
  created_at: Date;
}

export const clusterColumns =
  'id, title, summary, summary_kind, status, repo, item_count, source_counts, first_seen_at, last_seen_at, reopened_count, status_reason, created_at';

export const toCluster = (r: ClusterRow): Cluster => ({
  id: r.id,
  title: r.title,
  summary: r.summary,
  summaryKind: r.summary_kind,
  status: r.status,
  repo: r.repo,
  itemCount: r.item_count,
  sourceCounts: r.source_counts,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  reopenedCount: r.reopened_count,
  statusReason: r.status_reason,
  createdAt: r.created_at,
});
