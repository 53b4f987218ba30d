import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { countFixUsage } from '../fixes/fix-repository.js';
import { readBudgetSettings, writeBudgetSettings } from './budget-settings.js';
import { AppError, notFound } from '../errors.js';
import { validate } from '../validate.js';

const limit = (max: number) => z.number().int().min(0).max(max).nullable().default(null);

/** projects.settings.budgets: null means no limit. */
export const fixBudgets = z.object({
  maxConcurrentFixes: limit(100),
  fixesPerDay: limit(10_000),
  agentMinutesPerMonth: limit(1_000_000),
});
export type FixBudgets = z.output<typeof fixBudgets>;

export interface BudgetUsage {
  limits: FixBudgets;
  usage: { activeFixes: number; fixesToday: number; agentMinutesThisMonth: number };
  /** when the daily and monthly counts start again (UTC) */
  resets: { day: Date; month: Date };
}

const startOfDay = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
const startOfMonth = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
const nextDay = (t: Date) => new Date(startOfDay(t).getTime() + 86_400_000);
const nextMonth = (t: Date) => new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1));

const usage = (db: Queryable, projectId: string, now: Date) =>
  countFixUsage(db, { projectId, dayStart: startOfDay(now), monthStart: startOfMonth(now), now });

const parseStored = (stored: unknown): FixBudgets => {
  const parsed = fixBudgets.safeParse(stored ?? {});
  return parsed.success ? parsed.data : fixBudgets.parse({});
};

export async function getBudgetUsage(db: Queryable, projectId: string, now: Date): Promise<BudgetUsage> {
  const stored = await readBudgetSettings(db, { projectId });
  if (stored === undefined) throw notFound('project');
  const u = await usage(db, projectId, now);
  return {
    limits: parseStored(stored),
    usage: {
      activeFixes: u.active,
      fixesToday: u.startedToday,
      agentMinutesThisMonth: Math.round(u.agentMinutesThisMonth * 10) / 10,
    },
    resets: { day: nextDay(now), month: nextMonth(now) },
  };
}

export async function setFixBudgets(
  db: Queryable,
  projectId: string,
  input: z.input<typeof fixBudgets>,
  now: Date,
): Promise<BudgetUsage> {
  const budgets = validate(fixBudgets, input, 'budgets');
  if (!(await writeBudgetSettings(db, { projectId, budgets }))) throw notFound('project');
  return getBudgetUsage(db, projectId, now);
}

/**
 * Refuses a new fix beyond the project's budgets with 429 `budget_exceeded`: which limit, its value,
 * the usage, when it resets and how long to wait (Retry-After). Call it in the transaction that creates
 * the fix: it locks the project row, so two starts racing for the last slot are counted one after the
 * other. Agent minutes are checked at start; a fix already running is not stopped by the monthly limit.
 */
export async function assertFixBudget(tx: Queryable, projectId: string, now: Date): Promise<void> {
  const stored = await readBudgetSettings(tx, { projectId, lock: true });
  if (stored === undefined) throw notFound('project');
  const limits = parseStored(stored);
  if (
    limits.maxConcurrentFixes === null &&
    limits.fixesPerDay === null &&
    limits.agentMinutesPerMonth === null
  )
    return;
  const u = await usage(tx, projectId, now);
  const refuse = (
    name: keyof FixBudgets,
    max: number,
    used: number,
    resetsAt: Date | null,
    message: string,
  ) => {
    const retryAfterSeconds =
      resetsAt === null ? 60 : Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
    throw new AppError('budget_exceeded', message, {
      limit: name,
      max,
      used,
      resetsAt: resetsAt?.toISOString() ?? null,
      retryAfterSeconds,
    });
  };
  if (limits.maxConcurrentFixes !== null && u.active >= limits.maxConcurrentFixes)
    refuse(
      'maxConcurrentFixes',
      limits.maxConcurrentFixes,
      u.active,
      null,
      `this project runs at most ${limits.maxConcurrentFixes} fix${limits.maxConcurrentFixes === 1 ? '' : 'es'} at once; wait for one to finish`,
    );
  if (limits.fixesPerDay !== null && u.startedToday >= limits.fixesPerDay)
    refuse(
      'fixesPerDay',
      limits.fixesPerDay,
      u.startedToday,
      nextDay(now),
      `this project's budget of ${limits.fixesPerDay} fixes a day is used up; it resets at midnight UTC`,
    );
  if (limits.agentMinutesPerMonth !== null && u.agentMinutesThisMonth >= limits.agentMinutesPerMonth)
    refuse(
      'agentMinutesPerMonth',
      limits.agentMinutesPerMonth,
      Math.round(u.agentMinutesThisMonth * 10) / 10,
      nextMonth(now),
      `this project's ${limits.agentMinutesPerMonth} agent minutes this month are used up; they reset on the 1st (UTC)`,
    );
}
