import { datadog } from './datadog.js';
import { github } from './github.js';
import { intercom } from './intercom.js';
import { manual } from './manual.js';
import { posthog } from './posthog.js';
import { reddit } from './reddit.js';
import { sentry } from './sentry.js';
import { splunk } from './splunk.js';
import type { Vendor } from './vendor.js';

/** Every kind of source, in the order the dashboard offers them. The one list: add a vendor here. */
export const vendors = [reddit, github, sentry, datadog, posthog, splunk, intercom, manual] as const;

export type SourceKind = (typeof vendors)[number]['kind'];

export const sourceKindNames = vendors.map((v) => v.kind) as [SourceKind, ...SourceKind[]];

const byKind = new Map<string, Vendor<SourceKind>>(vendors.map((v) => [v.kind, v]));

export function vendorOf(kind: SourceKind): Vendor<SourceKind> {
  const vendor = byKind.get(kind);
  if (vendor === undefined) throw new Error(`no vendor module for source kind "${kind}"`);
  return vendor;
}
