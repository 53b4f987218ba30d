import { z } from 'zod';
import { sourceKindNames } from '../../domain/ingestion/vendors/registry.js';
import type { Vendor } from '../../domain/ingestion/vendors/vendor.js';

const base = { name: z.string(), label: z.string(), hint: z.string() };

/** One input of a source's settings form, as the dashboard renders it. */
export const formField = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('list'), required: z.boolean().optional() }),
  z.object({ ...base, type: z.literal('number'), min: z.number(), max: z.number(), default: z.number() }),
  z.object({ ...base, type: z.literal('select'), options: z.array(z.string()), default: z.string() }),
  z.object({ ...base, type: z.literal('checkboxes'), options: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('checkbox') }),
  z.object({ ...base, type: z.literal('text'), maxLength: z.number() }),
]);

/** What the dashboard needs to offer, configure and explain one kind of source. */
export const sourceKindView = z.object({
  kind: z.enum(sourceKindNames),
  label: z.string(),
  about: z.string(),
  /** the ingest path deliveries are posted to */
  ingestPath: z.string(),
  /** fetched on a schedule too (shows the last poll) */
  polled: z.boolean(),
  /** takes a field mapping (JSON paths) and keeps its last delivery to preview it on */
  mappable: z.boolean(),
  fields: z.array(formField),
  secrets: z.array(
    z.object({ name: z.string(), label: z.string(), hint: z.string(), generate: z.boolean() }),
  ),
  setup: z.object({ auth: z.string(), steps: z.array(z.string()) }),
});

export const toSourceKindView = (v: Vendor): z.input<typeof sourceKindView> => ({
  kind: v.kind as z.input<typeof sourceKindView>['kind'],
  label: v.label,
  about: v.about,
  ingestPath: v.ingestPath,
  polled: v.polled,
  mappable: v.mappable ?? false,
  fields: v.fields,
  secrets: v.secrets,
  setup: v.setup,
});
