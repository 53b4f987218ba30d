import { z } from 'zod';
import { envInt, envString } from '../parse-helpers.js';

export const databaseSection = z
  .object({
    SOULCASTER_DATA_DIR: z.string().min(1).default('./.soulcaster'),
    DATABASE_URL: envString().pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
        .optional(),
    ),
    DATABASE_POOL_MAX: envInt(10, { min: 1, max: 500 }),
    SOULCASTER_PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^(\d+(kB|MB|GB)|auto)$/, 'must be a size like 256MB, or auto')
      .default('auto'),
  })
  .transform((e) => ({
    dataDir: e.SOULCASTER_DATA_DIR,
    /** Set: scaled mode on a real PostgreSQL server. Unset: embedded PGlite under dataDir. */
    url: e.DATABASE_URL,
    poolMax: e.DATABASE_POOL_MAX,
    /** embedded only: PGlite's buffer cache; the HNSW graph must fit in it for searches to stay fast
     *  (auto: 32 MB, growing with the vector indexes at the next start) */
    pgliteSharedBuffers: e.SOULCASTER_PGLITE_SHARED_BUFFERS,
  }));
