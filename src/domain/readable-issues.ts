import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export interface FieldProblem {
  /** the field's path, dot-separated ("config.subreddits"); empty for the whole input */
  path: string;
  /** what is wrong, in words, with the field's label */
  message: string;
}

/** "testCommand" → "test command": a field name read as words where no label is given */
const words = (key: PropertyKey) =>
  String(key)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/** zod's own wording starts like this; any other message was written for the schema and is kept */
const ZOD_WORDING = /^(Invalid|Too (small|big)|Unrecognized)/;

/** One zod issue as a sentence tail ("needs at least one entry"), without zod's wording or symbols. */
export function describeIssue(issue: Issue): string {
  if (!ZOD_WORDING.test(issue.message)) return `: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'is required' : `must be a ${issue.expected}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set')
        return n <= 1 ? 'needs at least one entry' : `needs at least ${n} entries`;
      if (issue.origin === 'string')
        return n <= 1 ? 'must not be empty' : `must be at least ${plural(n, 'character', 'characters')}`;
      return issue.inclusive === false ? `must be more than ${n}` : `must be at least ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set')
        return `takes at most ${plural(n, 'entry', 'entries')}`;
      if (issue.origin === 'string') return `must be at most ${plural(n, 'character', 'characters')}`;
      return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'contains characters that are not allowed'
        : `must be a valid ${issue.format.replace(/_/g, ' ')}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'an unknown setting' : 'unknown settings'}: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'is not in a form this accepts';
    default:
      return issue.message;
  }
}

/**
 * Zod issues as readable problems: each names its field by `labels` (keyed by the field's last path
 * segment, e.g. a form field's label) or by its name in words, then says what is wrong.
 */
export function readableIssues(
  issues: readonly Issue[],
  labels: Record<string, string> = {},
): FieldProblem[] {
  return issues.map((issue) => {
    // an entry of a list is named by its list ("Subreddits", not "0")
    const names = issue.path.filter((p) => typeof p !== 'number').map(String);
    const last = names.at(-1);
    const label = last === undefined ? undefined : (labels[last] ?? names.map(words).join(' › '));
    const text = describeIssue(issue);
    const capital = (t: string) => `${t[0]!.toUpperCase()}${t.slice(1)}`;
    return {
      path: issue.path.map(String).join('.'),
      message:
        label === undefined
          ? capital(text.replace(/^: /, ''))
          : `${capital(label)}${text.startsWith(':') ? '' : ' '}${text}`,
    };
  });
}

/** The problems joined into one message, each ending in a full stop. */
export const joinProblems = (problems: FieldProblem[]) => problems.map((p) => `${p.message}.`).join(' ');
