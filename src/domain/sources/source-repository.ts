import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import type { SecretBox } from '../../lib/crypto.js';
import { AppError, notFound } from '../errors.js';
import { validate, validationError } from '../validate.js';
import { sourceColumns, toSource, type DeliveryOutcome, type Source, type SourceRow } from './source.js';
import { sourceKindNames, vendorOf, type SourceKind } from '../ingestion/vendors/registry.js';

export interface SourceDeps {
  db: Queryable;
  secrets: SecretBox;
}

export const sourceInput = z.object({
  kind: z.enum(sourceKindNames),
  name: z.string().trim().min(1).max(100).default('default'),
  enabled: z.boolean().default(true),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string().min(1).max(500)).default({}),
});

export const sourcePatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** a value replaces that secret; null removes it; absent keeps it */
  secrets: z.record(z.string(), z.string().min(1).max(500).nullable()).optional(),
});

function validateConfig(kind: SourceKind, config: unknown): Record<string, unknown> {
  const vendor = vendorOf(kind);
  const parsed = vendor.config.safeParse(config);
  if (!parsed.success)
    throw validationError(
      parsed.error,
      `${vendor.label} settings`,
      Object.fromEntries(vendor.fields.map((f) => [f.name, f.label])),
    );
  return parsed.data as Record<string, unknown>;
}

function validateSecretNames(kind: SourceKind, secrets: Record<string, unknown>): void {
  const allowed = vendorOf(kind).secrets.map((s) => s.name);
  const unknown = Object.keys(secrets).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      `${kind} sources keep no secret named ${unknown.join(', ')}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
    );
  }
}

const seal = (box: SecretBox, secrets: Record<string, string>) =>
  Object.keys(secrets).length === 0 ? null : box.encrypt(JSON.stringify(secrets));

export async function createSource(
  deps: SourceDeps,
  projectId: string,
  input: z.input<typeof sourceInput>,
): Promise<Source> {
  const v = validate(sourceInput, input, 'source');
  const config = validateConfig(v.kind, v.config);
  validateSecretNames(v.kind, v.secrets);
  try {
    const { rows } = await deps.db.query<SourceRow>(
      `insert into sources (project_id, kind, name, enabled, config, secret_encrypted)
       values ($1, $2, $3, $4, $5, $6) returning ${sourceColumns}`,
      [projectId, v.kind, v.name, v.enabled, JSON.stringify(config), seal(deps.secrets, v.secrets)],
    );
    return toSource(rows[0]!, (s) => deps.secrets.decrypt(s));
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new AppError('conflict', `a ${v.kind} source named "${v.name}" already exists in this project`);
    }
    throw err;
  }
}

export async function getSource(deps: SourceDeps, projectId: string, sourceId: string): Promise<Source> {
  const { rows } = await deps.db.query<SourceRow>(
    `select ${sourceColumns} from sources where project_id = $1 and id = $2`,
    [projectId, sourceId],
  );
  if (rows[0] === undefined) throw notFound('source');
  return toSource(rows[0], (s) => deps.secrets.decrypt(s));
}

export async function listSources(deps: SourceDeps, projectId: string, kind?: SourceKind): Promise<Source[]> {
  const { rows } = await deps.db.query<SourceRow>(
    `select ${sourceColumns} from sources where project_id = $1 and ($2::text is null or kind = $2) order by kind, name`,
    [projectId, kind ?? null],
  );
  return rows.map((r) => toSource(r, (s) => deps.secrets.decrypt(s)));
}

export async function updateSource(
  deps: SourceDeps,
  projectId: string,
  sourceId: string,
  patch: z.input<typeof sourcePatch>,
): Promise<Source> {
  const v = validate(sourcePatch, patch, 'source update');
  const current = await getSource(deps, projectId, sourceId);
  const config =
    v.config === undefined
      ? current.config
      : validateConfig(current.kind, { ...current.config, ...v.config });
  const secrets = { ...current.secrets };
  if (v.secrets !== undefined) {
    validateSecretNames(current.kind, v.secrets);
    for (const [k, val] of Object.entries(v.secrets)) {
      if (val === null) delete secrets[k];
      else secrets[k] = val;
    }
  }
  const { rows } = await deps.db.query<SourceRow>(
    `update sources set name = $3, enabled = $4, config = $5, secret_encrypted = $6, updated_at = now()
      where project_id = $1 and id = $2 returning ${sourceColumns}`,
    [
      projectId,
      sourceId,
      v.name ?? current.name,
      v.enabled ?? current.enabled,
      JSON.stringify(config),
      seal(deps.secrets, secrets),
    ],
  );
  return toSource(rows[0]!, (s) => deps.secrets.decrypt(s));
}

export async function deleteSource(deps: SourceDeps, projectId: string, sourceId: string): Promise<void> {
  const { rowCount } = await deps.db.query('delete from sources where project_id = $1 and id = $2', [
    projectId,
    sourceId,
  ]);
  if (!rowCount) throw notFound('source');
}

/**
 * Poller progress: saved after every page so a restart resumes exactly there. `ranAt` (the injected
 * clock's time a run ended) is what findDueSources compares the interval with, so both read one clock.
 */
export async function saveSourceCursor(
  db: Queryable,
  sourceId: string,
  cursor: Record<string, unknown>,
  opts: { error?: string | null; ranAt?: Date } = {},
): Promise<void> {
  await db.query(
    `update sources set cursor = $2, last_error = $3, last_run_at = coalesce($4, last_run_at), updated_at = now()
      where id = $1`,
    [sourceId, JSON.stringify(cursor), opts.error ?? null, opts.ranAt ?? null],
  );
}

/**
 * Records a delivery on its source, or (`kind`, no source identified: a signature or token that matched
 * none) on every source of that kind in the project, since one of them is being set up.
 */
export async function recordSourceDelivery(
  db: Queryable,
  target: { projectId: string; sourceId: string } | { projectId: string; kind: SourceKind },
  delivery: { outcome: DeliveryOutcome; detail: string | null },
): Promise<void> {
  const bySource = 'sourceId' in target;
  await db.query(
    `update sources set last_delivery_at = now(), last_delivery_outcome = $3, last_delivery_detail = $4
      where project_id = $1 and ${bySource ? 'id = $2::uuid' : 'kind = $2'}`,
    [target.projectId, bySource ? target.sourceId : target.kind, delivery.outcome, delivery.detail],
  );
}

/**
 * Polled sources whose interval has passed since their last run and which are not waiting out a vendor
 * rate limit, in every project. Runs every minute from the scheduler.
 */
export async function findDueSources(
  db: Queryable,
  o: { now: Date },
): Promise<{ projectId: string; sourceId: string }[]> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from sources
      where enabled and kind in ('reddit', 'github')
        and (last_run_at is null
             or last_run_at + make_interval(mins => coalesce((config->>'intervalMinutes')::int, 5)) <= $1)
        and (cursor->>'retryAfter' is null or (cursor->>'retryAfter')::timestamptz <= $1)`,
    [o.now],
  );
  return rows.map((r) => ({ projectId: r.project_id, sourceId: r.id }));
}
