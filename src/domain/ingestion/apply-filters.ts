import type { NewFeedbackItem } from '../feedback/feedback-item.js';
import type { Source } from '../sources/source.js';
import { sentryLevels } from '../sources/source-kinds.js';

export interface FilterContext {
  datadog?: { priority: string | null; transition: string | null };
  posthog?: { eventName: string | null };
}

const rank = (level: unknown) =>
  sentryLevels.indexOf(String(level ?? 'error') as (typeof sentryLevels)[number]);

/** Returns why the source's filters drop this item, or undefined to keep it. */
export function filterReason(
  source: Source | undefined,
  item: NewFeedbackItem,
  ctx: FilterContext = {},
): string | undefined {
  if (source === undefined) return undefined;
  const c = source.config;
  switch (source.kind) {
    case 'sentry': {
      const min = typeof c.minLevel === 'string' ? c.minLevel : 'warning';
      const level = item.metadata?.level;
      if (level != null && rank(level) >= 0 && rank(level) < rank(min))
        return `level ${String(level)} is below ${min}`;
      return undefined;
    }
    case 'datadog': {
      if (ctx.datadog?.transition === 'Recovered' && c.includeRecoveries !== true)
        return 'recovery notifications are off';
      const priorities = Array.isArray(c.priorities) ? (c.priorities as string[]) : [];
      if (
        priorities.length > 0 &&
        (ctx.datadog?.priority == null || !priorities.includes(ctx.datadog.priority))
      ) {
        return `priority ${ctx.datadog?.priority ?? 'none'} is not in ${priorities.join(', ')}`;
      }
      return undefined;
    }
    case 'posthog': {
      const events = Array.isArray(c.events) ? (c.events as string[]) : [];
      const name = ctx.posthog?.eventName;
      if (events.length > 0 && name != null && !events.includes(name)) return `event ${name} is not selected`;
      return undefined;
    }
    case 'reddit': {
      const keywords = Array.isArray(c.keywords) ? (c.keywords as string[]) : [];
      if (keywords.length === 0) return undefined;
      const text = `${item.title}\n${item.body ?? ''}`.toLowerCase();
      return keywords.some((k) => text.includes(k.toLowerCase())) ? undefined : 'no keyword matches';
    }
    case 'github': {
      const labels = Array.isArray(c.labels) ? (c.labels as string[]) : [];
      const has = Array.isArray(item.metadata?.labels) ? (item.metadata.labels as string[]) : [];
      if (labels.length > 0 && !labels.some((l) => has.includes(l)))
        return `no label of ${labels.join(', ')}`;
      return undefined;
    }
    default:
      return undefined;
  }
}
