-- One fix line per cluster. The cluster's status is derived from all of its fixes and pull requests
-- since it was last reopened; status_reason says why when that is not obvious ("PR closed without
-- merge"); superseded_by links a fix whose PR a later attempt closed.
alter table clusters add column status_reason text;
alter table clusters add column reopened_at timestamptz;
alter table agent_jobs add column superseded_by uuid;
