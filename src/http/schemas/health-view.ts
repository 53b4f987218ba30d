import { z } from 'zod';

export const healthView = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  uptimeSeconds: z.number(),
  version: z.string(),
});

export const readinessView = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  /** migration files this code ships that the database has not applied */
  pendingMigrations: z.array(z.string()),
});
