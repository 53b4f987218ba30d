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
  priority: ClusterPriority;
  /** reports per UTC day for the last 7 days, oldest first (today last) */
  trend: number[];
}

/**
 * How much a cluster matters now (docs/DASHBOARD.md, Priority): the stored score the list sorts by, the
 * counts it comes from, and each count's share of it.
 */
export interface ClusterPriority {
  score: number;
  reports: number;
  authors: number;
  sources: number;
  /** reports in the last 7 days, and in the 7 days before */
  recent: number;
  previous: number;
  parts: { reports: number; authors: number; sources: number; recent: number; growth: number };
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
  author_count: number;
  recent_count: number;
  previous_count: number;
  priority: number;
  priority_parts: {
    reports_part: number;
    authors_part: number;
    sources_part: number;
    recent_part: number;
    growth_part: number;
  };
  trend: number[];
}

// the score's parts and the 7-day sparkline are derived from stored columns (migration 0720), per row
export const clusterColumns = `id, title, summary, summary_kind, status, repo, item_count, source_counts,
  first_seen_at, last_seen_at, reopened_count, status_reason, created_at, author_count, recent_count,
  previous_count, priority,
  (select to_jsonb(p) from cluster_priority_parts(item_count, author_count,
     (select count(*)::int from jsonb_object_keys(source_counts)), recent_count, previous_count) p) as priority_parts,
  array(select coalesce((daily_counts->>to_char(d, 'YYYY-MM-DD'))::int, 0)
          from generate_series((now() at time zone 'UTC')::date - 6, (now() at time zone 'UTC')::date, interval '1 day') d
         order by d) as trend`;

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
  priority: {
    score: r.priority,
    reports: r.item_count,
    authors: r.author_count,
    sources: Object.keys(r.source_counts).length,
    recent: r.recent_count,
    previous: r.previous_count,
    parts: {
      reports: r.priority_parts.reports_part,
      authors: r.priority_parts.authors_part,
      sources: r.priority_parts.sources_part,
      recent: r.priority_parts.recent_part,
      growth: r.priority_parts.growth_part,
    },
  },
  trend: r.trend,
});
