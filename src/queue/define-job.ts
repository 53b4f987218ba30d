import type { z } from 'zod';
import type { Config } from '../config/config.js';

/** One entry of the job catalog: the payload contract plus how the queue treats failures. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** retries after the first attempt */
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** a job running longer than this is failed by the queue and retried */
  timeoutSeconds: number;
  /** jobs of one queue a single worker runs at once */
  concurrency?: number;
  /**
   * How often an idle worker looks for jobs (at least the queue's global interval). Jobs this process
   * sends wake a worker at once; polling finds delayed jobs, retries and cron jobs. Every poll is a query
   * on the one embedded connection, so queues that are rarely busy poll rarely.
   */
  pollingIntervalSeconds?: number;
  /** a scheduled job: its cron expression (or where config says it), sent with an empty payload */
  cron?: string | ((config: Config) => string);
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export type JobCatalog = Record<string, JobDefinition>;
export type PayloadOf<C extends JobCatalog, N extends keyof C> = z.output<C[N]['payload']>;
export type JobHandlers<C extends JobCatalog> = {
  [N in keyof C]: (payload: PayloadOf<C, N>) => Promise<void>;
};
