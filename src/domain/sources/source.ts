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
  createdAt: Date;
  updatedAt: Date;
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
  created_at: Date;
  updated_at: Date;
}

export const sourceColumns =
  'id, project_id, kind, name, enabled, config, secret_encrypted, cursor, last_run_at, last_error, created_at, updated_at';

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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
