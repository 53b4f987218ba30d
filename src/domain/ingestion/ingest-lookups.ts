import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { hashToken, type SecretBox } from '../../lib/crypto.js';
import { authenticateApiKey } from '../projects/authenticate-api-key.js';
import { getProject } from '../projects/get-project.js';
import type { Source } from '../sources/source.js';
import { listSources } from '../sources/source-repository.js';
import type { SourceKind } from './vendors/registry.js';

export interface IngestLookupsOptions {
  db: Queryable;
  secrets: SecretBox;
  clock: Clock;
  /** how long an answer is reused; 0 looks everything up every time */
  ttlMs: number;
}

interface Entry<T> {
  value: T;
  at: number;
}

/**
 * The three lookups in front of every delivery (the project, its sources of the kind, the API key) reused
 * for a short while. On PGlite's single connection they were three of the six statements a delivery cost,
 * so a burst of webhooks spent most of its time re-reading rows that had not changed.
 *
 * Only answers that let a delivery in are kept: an unknown project, key or signature is looked up again
 * each time, and a failed source check retries with fresh sources (see `sources`), so a source created or
 * a secret rotated a moment ago works at once. The other direction (a source deleted, a key revoked) is
 * forgotten at once in this process by `forgetProject`, which every change of a project's sources or keys
 * calls; another API process sharing the database sees it within `ttlMs`.
 */
export class IngestLookups {
  private readonly projects = new Map<string, Entry<true>>();
  private readonly sourcesByKind = new Map<string, Entry<Source[]>>();
  private readonly keys = new Map<string, Entry<{ projectId: string; keyId: string }>>();

  constructor(private readonly opts: IngestLookupsOptions) {}

  /** Throws not_found for an unknown project. */
  async assertProject(projectId: string): Promise<void> {
    if (this.fresh(this.projects.get(projectId))) return;
    await getProject(this.opts.db, projectId);
    this.remember(this.projects, projectId, true as const);
  }

  /**
   * The project's sources of a kind. `reload` skips the cache: callers pass it when the cached sources
   * rejected the delivery, so a change made a moment ago is seen before saying no.
   */
  async sources(projectId: string, kind: SourceKind, reload = false): Promise<Source[]> {
    const key = `${projectId}\u0000${kind}`;
    const hit = reload ? undefined : this.sourcesByKind.get(key);
    if (this.fresh(hit)) return hit.value;
    const sources = (
      await listSources({ db: this.opts.db, secrets: this.opts.secrets }, projectId, kind)
    ).filter((s) => s.kind === kind);
    this.remember(this.sourcesByKind, key, sources);
    return sources;
  }

  /** The project and key id of a valid API key, else undefined (never cached). */
  async apiKey(token: string): Promise<{ projectId: string; keyId: string } | undefined> {
    const key = hashToken(token);
    const hit = this.keys.get(key);
    if (this.fresh(hit)) return hit.value;
    // authenticateApiKey records the key's last use when the recorded one is a minute old
    const auth = await authenticateApiKey(this.opts.db, token);
    if (auth !== undefined) this.remember(this.keys, key, auth);
    return auth;
  }

  /** Drops everything known about a project: call after changing its sources or API keys, or deleting it. */
  forgetProject(projectId: string): void {
    this.projects.delete(projectId);
    for (const key of this.sourcesByKind.keys())
      if (key.startsWith(`${projectId}\u0000`)) this.sourcesByKind.delete(key);
    for (const [key, entry] of this.keys) if (entry.value.projectId === projectId) this.keys.delete(key);
  }

  private fresh<T>(entry: Entry<T> | undefined): entry is Entry<T> {
    return entry !== undefined && this.opts.clock.now().getTime() - entry.at < this.opts.ttlMs;
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, value: T): void {
    if (this.opts.ttlMs <= 0) return;
    // bounded: a flood of distinct valid keys or projects cannot grow the maps without limit
    if (map.size >= 10_000) map.clear();
    map.set(key, { value, at: this.opts.clock.now().getTime() });
  }
}
