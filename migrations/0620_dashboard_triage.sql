-- Triage from the dashboard: a report can name the repository it concerns, and a plan remembers that
-- its cluster changed after it was written (items merged, split, moved, edited or deleted), so the
-- dashboard can say it is stale until it is regenerated or edited.
alter table feedback_items add column repo text;
alter table coding_plans add column stale_reason text;
