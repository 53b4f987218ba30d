-- The last delivery each source received, and what became of it, so the dashboard can show that a vendor's
-- webhook arrives (or why it is refused) without reading logs. Written at most every few seconds per
-- source (and whenever the outcome changes), never on every delivery of a burst.
alter table sources
  add column last_delivery_at timestamptz,
  add column last_delivery_outcome text
    check (last_delivery_outcome in ('accepted', 'duplicate', 'ignored', 'rejected')),
  add column last_delivery_detail text;
