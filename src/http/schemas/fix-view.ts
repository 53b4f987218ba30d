import { z } from 'zod';
import { agentNames, runnerNames } from '../../config/sections/fixes.js';
import { fixStatuses } from '../../domain/fixes/fix.js';

export const fixView = z.object({
  id: z.string(),
  clusterId: z.string(),
  clusterTitle: z.string(),
  planId: z.string().nullable(),
  status: z.enum(fixStatuses),
  runner: z.string(),
  agent: z.string(),
  repo: z.string().nullable(),
  branch: z.string().nullable(),
  baseBranch: z.string().nullable(),
  commitSha: z.string().nullable(),
  prUrl: z.string().nullable(),
  prNumber: z.number().nullable(),
  prState: z.enum(['open', 'closed', 'merged']).nullable(),
  testResult: z
    .object({
      command: z.string(),
      exitCode: z.number(),
      passed: z.boolean(),
      durationMs: z.number(),
      output: z.string(),
    })
    .nullable(),
  error: z.string().nullable(),
  attempt: z.number(),
  supersededBy: z.string().nullable(),
  cancelRequested: z.boolean(),
  startedBy: z.string().nullable(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  createdAt: z.date(),
  timings: z
    .object({
      queueMs: z.number(),
      cloneMs: z.number(),
      agentMs: z.number(),
      testMs: z.number(),
      pushMs: z.number(),
      scriptMs: z.number(),
      runnerOverheadMs: z.number(),
      prMs: z.number(),
      startToPrMs: z.number(),
    })
    .partial(),
});

/** What cancel did, beside the fix as it is now. */
export const cancelView = fixView.extend({
  cancel: z.object({
    action: z.enum(['none', 'cancelled-pending', 'stopped', 'marked-cancelled']),
    message: z.string(),
  }),
});

export const startFixBody = z.object({
  agent: z.enum(agentNames).optional(),
  runner: z.enum(runnerNames).optional(),
});

export const logLineView = z.object({
  seq: z.number(),
  ts: z.date(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  line: z.string(),
});

/** The polling fallback of the event stream: lines after a sequence number, and the fix's status. */
export const fixLogsView = z.object({ lines: z.array(logLineView), status: z.enum(fixStatuses) });
