import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { Pool } from '../../../db/database.js';
import { safeEqual } from '../../../lib/crypto.js';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import type { Source } from '../../sources/source.js';
import type { IngestResult } from '../ingest-items.js';
import type { NotificationRecorder } from '../../notifications/notification-events.js';

export type Headers = Record<string, string | string[] | undefined>;

/** What a delivery offers to prove which source sent it. */
export interface DeliveryCredentials {
  rawBody: Buffer;
  headers: Headers;
  /** `?token=` for vendors that cannot send headers (Splunk) */
  queryToken?: string | undefined;
  /** `Authorization: Bearer …` when it is not the project's API key */
  bearerToken?: string | undefined;
}

/** One authenticated POST to a vendor's ingest path, its JSON body already parsed. */
export interface Delivery {
  body: unknown;
  rawBody: Buffer;
  headers: Headers;
  /** the authenticated source's settings ({} for API-key pushes to a project without one) */
  config: Record<string, unknown>;
  /** notes a vendor makes about how it read the delivery (e.g. a guessed event type) */
  log: (fields: Record<string, unknown>, message: string) => void;
}

/**
 * What a vendor makes of a delivery: feedback items (with the vendor's delivery id where it sends one, used
 * to drop redeliveries), or, for deliveries that are not feedback at all, its own handler.
 */
export type ParsedDelivery =
  | { items: NewFeedbackItem[]; deliveryId?: string }
  | {
      handle: (ctx: {
        db: Pool;
        projectId: string;
        notifications?: NotificationRecorder | undefined;
      }) => Promise<IngestResult>;
    };

/** One input of a vendor's settings form; `name` is the key in the source's config. */
export type FormField =
  | { name: string; label: string; type: 'list'; hint: string; required?: boolean }
  | { name: string; label: string; type: 'number'; hint: string; min: number; max: number; default: number }
  | { name: string; label: string; type: 'select'; options: string[]; default: string; hint: string }
  | { name: string; label: string; type: 'checkboxes'; options: string[]; hint: string }
  | { name: string; label: string; type: 'checkbox'; hint: string }
  | { name: string; label: string; type: 'text'; hint: string; maxLength: number };

/** A secret the source keeps sealed; `generate` offers a random value the user pastes into the vendor. */
export interface SecretField {
  name: string;
  label: string;
  hint: string;
  generate: boolean;
}

/**
 * Everything Soulcaster knows about one kind of source. The registry (registry.ts) lists every vendor; the
 * ingest routes, source validation and views, delivery authentication, filters and the dashboard's form all
 * read it, so a vendor lives in its own file only.
 */
export interface Vendor<K extends string = string> {
  kind: K;
  label: string;
  /** one line for the settings form */
  about: string;
  /** the POST path deliveries (or pushes with the project API key) arrive at */
  ingestPath: string;
  /** appended to the webhook URL shown to the user (Splunk keeps its token in the URL) */
  webhookUrlSuffix?: string;
  /** sources of this kind are also fetched on a schedule */
  polled: boolean;
  /**
   * the body is a template the user edits: the source may carry a field mapping (field-mapping.ts), and
   * its last delivery is kept to preview that mapping on
   */
  mappable?: boolean;
  /** settings stored in sources.config (filters, repositories ...); defaults fill what is left out */
  config: z.ZodType;
  fields: FormField[];
  secrets: SecretField[];
  setup: {
    /** how the vendor proves a delivery is theirs, shown with the webhook URL */
    auth: string;
    /** what to click in the vendor's UI */
    steps: string[];
  };
  /** the source whose secret signs or accompanies this delivery; absent: only the project API key works */
  authenticate?: (sources: Source[], cred: DeliveryCredentials) => Source | undefined;
  parse: (delivery: Delivery) => ParsedDelivery;
  /** why the source's settings drop this item, or undefined to keep it */
  filter?: (config: Record<string, unknown>, item: NewFeedbackItem) => string | undefined;
}

type VendorSpec<K extends string, C extends z.ZodType> = Omit<Vendor<K>, 'config' | 'filter'> & {
  config: C;
  filter?: (config: z.output<C>, item: NewFeedbackItem) => string | undefined;
};

/** Types a vendor's filter by its own config schema; stored configs are read through the schema's defaults. */
export function defineVendor<K extends string, C extends z.ZodType>(spec: VendorSpec<K, C>): Vendor<K> {
  const { filter, ...rest } = spec;
  if (filter === undefined) return rest;
  return {
    ...rest,
    filter: (config, item) => {
      const parsed = spec.config.safeParse(config);
      return parsed.success ? filter(parsed.data, item) : undefined;
    },
  };
}

export const header = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const hmacHex = (algorithm: 'sha1' | 'sha256', secret: string, body: Buffer) =>
  createHmac(algorithm, secret).update(body).digest('hex');

/**
 * The source whose secret `secretName` produces the signature the vendor sent. `sign` renders the expected
 * header value (lowercase) from a secret; the comparison is constant-time.
 */
export function findSigner(
  sources: Source[],
  secretName: string,
  given: string | undefined,
  sign: (secret: string) => string,
): Source | undefined {
  if (!given) return undefined;
  const sent = given.toLowerCase();
  return sources.find((s) => {
    const secret = s.secrets[secretName];
    return secret !== undefined && secret !== '' && safeEqual(sign(secret), sent);
  });
}

/**
 * Vendors that cannot sign: the source's token in X-Soulcaster-Token or `Authorization: Bearer`, or, for
 * a vendor that can send no header at all, `?token=` in the URL (logs redact it).
 */
export function findByToken(sources: Source[], cred: DeliveryCredentials): Source | undefined {
  const token = header(cred.headers, 'x-soulcaster-token') ?? cred.bearerToken ?? cred.queryToken;
  if (!token) return undefined;
  return sources.find((s) => s.secrets.token && safeEqual(s.secrets.token, token));
}

export const tokenSecret = (vendor: string): SecretField => ({
  name: 'token',
  label: 'Token',
  hint: `Sent by ${vendor} in X-Soulcaster-Token (or Authorization: Bearer).`,
  generate: true,
});
