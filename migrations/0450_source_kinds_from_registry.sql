-- The kinds of source are listed once, in the application's vendor registry
-- (src/domain/ingestion/vendors/registry.ts), and every write is validated against it there. The database
-- keeps only the form of a kind name, so adding a vendor needs no migration.
alter table sources drop constraint if exists sources_kind_check;
alter table sources add constraint sources_kind_form check (kind ~ '^[a-z][a-z0-9_]{1,39}$');
alter table feedback_items drop constraint if exists feedback_items_source_check;
alter table feedback_items add constraint feedback_items_source_form check (source ~ '^[a-z][a-z0-9_]{1,39}$');
