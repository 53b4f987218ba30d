import { z } from 'zod';
import { migrate } from '../db/migrate.js';
import { AppError } from '../domain/errors.js';
import type { NewFeedbackItem } from '../domain/feedback/feedback-item.js';
import { countUnclustered, importFeedbackChunk } from '../domain/feedback/import-feedback.js';
import { createProject, createProjectInput } from '../domain/projects/create-project.js';
import type { Services } from '../services.js';
import type { AdminHandler } from './admin-server.js';

const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const r = schema.safeParse(input);
  if (!r.success) throw new AppError('validation_failed', z.prettifyError(r.error));
  return r.data;
};

const ingestInput = z.object({
  projectId: z.uuid(),
  // each item is validated as a feedback item when stored; JSON carries dates as strings
  items: z
    .array(z.looseObject({ occurredAt: z.coerce.date().optional() }))
    .min(1)
    .max(5000),
});

/**
 * What the CLI may do through `serve` while it owns the embedded data directory. Each command is one
 * call into the domain, run in the server's process on its own pool.
 */
export function adminHandlers(s: Services): Record<string, AdminHandler> {
  return {
    'project-create': async (input) => {
      const created = await createProject(s.db.pool, parse(createProjectInput, input));
      return { id: created.id, apiKey: created.apiKey };
    },
    migrate: async () => migrate(s.db.pool, s.logger),
    ingest: async (input) => {
      const { projectId, items } = parse(ingestInput, input);
      const chunk = await importFeedbackChunk(
        { db: s.db.pool, clock: s.clock, outbox: s.clusteringOutbox },
        projectId,
        items as NewFeedbackItem[],
      );
      return { stored: chunk.stored, duplicates: chunk.duplicates };
    },
    unclustered: async (input) => {
      const { projectId } = parse(z.object({ projectId: z.uuid() }), input);
      return { unclustered: await countUnclustered(s.db.pool, projectId) };
    },
  };
}
