-- Reports keep a link only when it is an http(s) URL (the feedback item schema drops any other on the
-- way in). Links stored before that rule (javascript:, data:, file: from manual ingest or the form) are
-- removed here, so the dashboard never renders one.
update feedback_items set url = null where url is not null and url !~* '^https?://';
