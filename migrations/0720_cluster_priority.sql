-- Priority that reflects impact (docs/DASHBOARD.md, Priority). Each cluster keeps, beside its report count
-- and source counts, the number of distinct authors and its reports per UTC day for the last 14 days;
-- from those come the two 7-day windows (this week, the week before) and a stored score the clusters list
-- sorts by through an index. The columns are maintained where the other counts are (adding items to a
-- cluster, recounting a reshaped one) and rolled forward once a day by a scheduled job, so a list request
-- never aggregates items.
alter table clusters
  add column author_count integer not null default 0,
  add column daily_counts jsonb not null default '{}'::jsonb,
  add column recent_count integer not null default 0,
  add column previous_count integer not null default 0,
  add column priority double precision not null default 0,
  add column ranked_on date;

-- The score's parts, each a diminishing return: doubling a count adds a constant. People affected and recent
-- reports weigh most; every source beyond the first adds a fixed amount; growth counts only when this
-- week has more reports than the week before.
create function cluster_priority_parts(reports integer, authors integer, sources integer, recent integer, previous integer)
returns table (reports_part double precision, authors_part double precision, sources_part double precision,
               recent_part double precision, growth_part double precision)
language sql immutable parallel safe as $$
  select round((10 * log(2, 1 + greatest(reports, 0)::numeric))::numeric, 1)::double precision,
         round((15 * log(2, 1 + greatest(authors, 0)::numeric))::numeric, 1)::double precision,
         (8 * greatest(sources - 1, 0))::double precision,
         round((20 * log(2, 1 + greatest(recent, 0)::numeric))::numeric, 1)::double precision,
         round((10 * log(2, 1 + greatest(recent - previous, 0)::numeric))::numeric, 1)::double precision
$$;

create function cluster_priority(reports integer, authors integer, sources integer, recent integer, previous integer)
returns double precision
language sql immutable parallel safe as $$
  select reports_part + authors_part + sources_part + recent_part + growth_part
    from cluster_priority_parts(reports, authors, sources, recent, previous)
$$;

-- Rolls a cluster's daily counts forward to `today`: days older than 14 are dropped, the windows counted,
-- the score computed. Every writer of the priority columns goes through this.
create function cluster_rank(daily jsonb, reports integer, authors integer, sources integer, today date)
returns table (daily_counts jsonb, recent_count integer, previous_count integer, priority double precision)
language sql immutable parallel safe as $$
  with kept as (
    select key::date as day, value::int as n from jsonb_each_text(coalesce(daily, '{}'::jsonb))
     where key::date > today - 14 and key::date <= today
  ), w as (
    select coalesce(jsonb_object_agg(to_char(day, 'YYYY-MM-DD'), n), '{}'::jsonb) as daily,
           coalesce(sum(n) filter (where day > today - 7), 0)::int as recent,
           coalesce(sum(n) filter (where day <= today - 7), 0)::int as previous
      from kept
  )
  select w.daily, w.recent, w.previous, cluster_priority(reports, authors, sources, w.recent, w.previous) from w
$$;

create index feedback_items_cluster_author_idx on feedback_items (project_id, cluster_id, author)
  where author is not null;
create index clusters_list_priority_idx on clusters (project_id, priority desc, id desc);
create index clusters_list_status_priority_idx on clusters (project_id, status, priority desc, id desc);

-- existing clusters: authors and the last 14 days from their items, then the rank
with per_day as (
  select cluster_id, to_char(least(occurred_at, received_at) at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
    from feedback_items
   where cluster_id is not null and least(occurred_at, received_at) >= now() - interval '15 days'
   group by 1, 2
), daily as (
  select cluster_id, jsonb_object_agg(day, n) as d from per_day group by 1
), authors as (
  select cluster_id, count(distinct author)::int as n from feedback_items
   where cluster_id is not null and author is not null group by 1
)
update clusters c
   set author_count = coalesce(a.n, 0), daily_counts = coalesce(d.d, '{}'::jsonb)
  from clusters c2
  left join daily d on d.cluster_id = c2.id
  left join authors a on a.cluster_id = c2.id
 where c.id = c2.id;

update clusters c
   set (daily_counts, recent_count, previous_count, priority) = (
         select r.daily_counts, r.recent_count, r.previous_count, r.priority
           from cluster_rank(c.daily_counts, c.item_count, c.author_count,
                             (select count(*)::int from jsonb_object_keys(c.source_counts)),
                             (now() at time zone 'UTC')::date) r),
       ranked_on = (now() at time zone 'UTC')::date;
