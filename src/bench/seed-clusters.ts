import type { Queryable } from '../db/database.js';
import { rankSetSql, reportDaySql } from '../domain/clustering/cluster-rank-sql.js';

const statuses = ['new', 'new', 'new', 'fixing', 'pr_opened', 'failed', 'resolved', 'ignored'];
const sources = ['manual', 'sentry', 'reddit', 'github', 'datadog', 'posthog', 'splunk'];
const topics = [
  'checkout button does nothing',
  'login page is blank',
  'export to CSV hangs',
  'dark mode colours unreadable',
  'payment declined without reason',
  'search returns stale results',
  'upload fails over 10 MB',
  'notifications arrive twice',
  'timezone shown wrong in reports',
  'app crashes on rotate',
];

/**
 * Fills a project with `clusters` clusters holding `items` feedback items in a few set-based statements, for
 * benchmarks (no embeddings, no clustering jobs). Sizes are skewed like real feedback: early clusters get
 * hundreds of reports, the long tail a handful; every cluster gets at least one. Counts, sources and
 * first/last seen, authors, daily counts and priority are then computed from the items, as the clustering pipeline would.
 */
export async function seedClusters(
  db: Queryable,
  projectId: string,
  opts: { clusters: number; items: number; now?: Date },
): Promise<void> {
  const now = opts.now ?? new Date();
  await db.query(
    `insert into clusters (project_id, title, summary, summary_kind, status, created_at)
     select $1,
            initcap(($3::text[])[1 + i % array_length($3::text[], 1)]) || ' #' || i,
            'Users report that ' || ($3::text[])[1 + i % array_length($3::text[], 1)] || ' (' || i || ').',
            'extractive',
            ($4::text[])[1 + (i * 7) % array_length($4::text[], 1)],
            $5::timestamptz - make_interval(mins => $2 - i)
       from generate_series(0, $2 - 1) as i`,
    [projectId, opts.clusters, topics, statuses, now],
  );
  await db.query(
    `with c as (
       select id, (row_number() over (order by created_at, id) - 1)::int as k
         from clusters where project_id = $1
     ),
     i as (
       select n,
              -- skewed assignment: k = C * (n/N)^2 puts many items in low k and ~5 in the tail
              least($3 - 1, floor($3 * power(n::float8 / $2, 2)))::int as k
         from generate_series(0, $2 - 1) as n
     )
     insert into feedback_items (project_id, source, external_id, title, body, author, cluster_id, clustered_at, received_at)
     select $1,
            ($4::text[])[1 + (i.n * 31) % array_length($4::text[], 1)],
            'bench-' || i.n,
            'Report ' || i.n || ': ' || ($5::text[])[1 + i.k % array_length($5::text[], 1)],
            'Seen on version 2.' || (i.n % 40) || '. Steps: open the app, try again, it fails.',
            -- about one author per three reports, some reporting in several clusters
            'user-' || ((i.n * 7919) % greatest(1, $2 / 3)),
            c.id,
            $6::timestamptz,
            $6::timestamptz - make_interval(secs => ($2 - i.n) * 20)
       from i join c using (k)`,
    [projectId, opts.items, opts.clusters, sources, topics, now],
  );
  await db.query(
    `with per_source as (
       select cluster_id, source, count(*)::int as n, min(received_at) as first, max(received_at) as last
         from feedback_items where project_id = $1 and cluster_id is not null
        group by cluster_id, source
     ), agg as (
       select cluster_id, sum(n)::int as n, jsonb_object_agg(source, n) as sc, min(first) as first, max(last) as last
         from per_source group by cluster_id
     ), per_day as (
       select cluster_id, ${reportDaySql('f')} as day, count(*)::int as n
         from feedback_items f
        where project_id = $1 and cluster_id is not null and received_at >= now() - interval '15 days'
        group by 1, 2
     ), daily as (
       select cluster_id, jsonb_object_agg(day, n) as d from per_day group by 1
     ), authors as (
       select cluster_id, count(distinct author)::int as n from feedback_items
        where project_id = $1 and cluster_id is not null group by 1
     )
     update clusters c
        set item_count = agg.n, source_counts = agg.sc, first_seen_at = agg.first, last_seen_at = agg.last,
            author_count = coalesce(authors.n, 0), daily_counts = coalesce(daily.d, '{}'::jsonb)
       from agg
       left join daily using (cluster_id)
       left join authors using (cluster_id)
      where c.project_id = $1 and c.id = agg.cluster_id`,
    [projectId],
  );
  await db.query(
    `update clusters set ${rankSetSql('daily_counts', 'item_count', 'author_count', 'source_counts')}
      where project_id = $1`,
    [projectId],
  );
  await db.query('analyze clusters');
  await db.query('analyze feedback_items');
}
