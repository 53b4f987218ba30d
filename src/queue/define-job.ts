import type { z } from 'zod';

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
}

export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export type JobCatalog = Record<string, JobDefinition>;
export type PayloadOf<C extends JobCatalog, N extends keyof C> = z.output<C[N]['payload']>;
export type JobHandlers<C extends JobCatalog> = {
  [N in keyof C]: (payload: PayloadOf<C, N>) => Promise<void>;
};
