import type { SourceKind } from '../ingestion/vendors/registry.js';

export interface Source {
  id: string;
  projectId: string;
  kind: SourceKind;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** secret name → plaintext; only inside the server, never in a response */
  secrets: Record<string, string>;
  cursor: Record<string, unknown>;
  lastRunAt: Date | null;
  lastError: string | null;
  lastDelivery: SourceDelivery | null;
  createdAt: Date;
  updatedAt: Date;
}

export const deliveryOutcomes = ['accepted', 'duplicate', 'ignored', 'rejected'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/** The newest delivery (webhook or push) a source received and what became of it. */
export interface SourceDelivery {
  at: Date;
  outcome: DeliveryOutcome;
  /** why it was refused, or what the vendor's handler said */
  detail: string | null;
}

export interface SourceRow {
  id: string;
  project_id: string;
  kind: SourceKind;
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secret_encrypted: string | null;
  cursor: Record<string, unknown>;
  last_run_at: Date | null;
  last_error: string | null;
  last_delivery_at: Date | null;
  last_delivery_outcome: DeliveryOutcome | null;
  last_delivery_detail: string | null;
  created_at: Date;
  updated_at: Date;
}

export const sourceColumns =
  'id, project_id, kind, name, enabled, config, secret_encrypted, cursor, last_run_at, last_error, last_delivery_at, last_delivery_outcome, last_delivery_detail, created_at, updated_at';

export function toSource(row: SourceRow, open: (sealed: string) => string): Source {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    config: row.config,
    secrets: row.secret_encrypted ? (JSON.parse(open(row.secret_encrypted)) as Record<string, string>) : {},
    cursor: row.cursor,
    lastRunAt: row.last_run_at,
    lastError: row.last_error,
    lastDelivery:
      row.last_delivery_at !== null && row.last_delivery_outcome !== null
        ? { at: row.last_delivery_at, outcome: row.last_delivery_outcome, detail: row.last_delivery_detail }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
