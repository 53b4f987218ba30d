/** A source location named by a stack trace in the feedback. */
export interface StackFrame {
  path: string;
  line: number | null;
  fn: string | null;
  /** Sentry says whether a frame is the app's own code; text traces do not */
  inApp: boolean | null;
}

export interface FeedbackForPlan {
  title: string;
  body: string;
  metadata: Record<string, unknown>;
  raw: unknown;
}

const exts =
  'ts|tsx|js|jsx|mjs|cjs|py|rb|go|java|kt|kts|rs|php|cs|swift|scala|ex|exs|erl|c|cc|cpp|h|hpp|m|mm|vue|svelte|dart|lua';
const pythonFrame = /File "([^"]+)", line (\d+)(?:, in ([\w<>.$]+))?/g;
const jsFrame = new RegExp(
  `at (?:([\\w$.<>\\[\\] ]+?) \\()?((?:[a-z]+:\\/\\/\\/?)?[^\\s():]+\\.(?:${exts})):(\\d+)(?::\\d+)?\\)?`,
  'g',
);
const javaFrame = /at ([\w$.]+)\.([\w$<>]+)\(([\w$]+\.(?:java|kt|scala)):(\d+)\)/g;
const genericPath = new RegExp(
  `(?:^|[\\s("'\`])((?:[\\w@.+~-]+\\/)+[\\w@.+-]+\\.(?:${exts}))(?::(\\d+))?`,
  'gm',
);

/** Strips what a deployed path adds (URL origin, bundler scheme, leading ./ or /) and ignores vendored code. */
export function normalizeFramePath(p: string): string | undefined {
  let s = p.trim().replace(/[?#].*$/, '');
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?/i, ''); // https://host/, webpack:///, app:///
  s = s.replace(/^[A-Za-z]:[\\/]/, '').replace(/\\/g, '/');
  s = s.replace(/^(\.\/|~\/|\/)+/, '');
  if (s === '' || !s.includes('.')) return undefined;
  if (/(^|\/)(node_modules|site-packages|dist-packages|vendor|\.yarn)\//.test(s)) return undefined;
  if (/^(node:|internal\/|<anonymous>)/.test(s)) return undefined;
  return s;
}

function sentryFrames(value: unknown, out: StackFrame[], depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) sentryFrames(v, out, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  const frames = (obj.stacktrace as { frames?: unknown } | undefined)?.frames;
  if (Array.isArray(frames)) {
    for (const f of frames as Record<string, unknown>[]) {
      const file =
        typeof f.filename === 'string' ? f.filename : typeof f.abs_path === 'string' ? f.abs_path : undefined;
      const p = file ? normalizeFramePath(file) : undefined;
      if (!p) continue;
      out.push({
        path: p,
        line: typeof f.lineno === 'number' ? f.lineno : null,
        fn: typeof f.function === 'string' ? f.function : null,
        inApp: typeof f.in_app === 'boolean' ? f.in_app : null,
      });
    }
  }
  for (const [k, v] of Object.entries(obj)) if (k !== 'stacktrace') sentryFrames(v, out, depth + 1);
}

function textFrames(text: string, out: StackFrame[]): void {
  const seen = new Set<string>();
  const add = (file: string, line: string | undefined, fn: string | undefined) => {
    const p = normalizeFramePath(file);
    if (!p) return;
    const key = `${p}:${line ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path: p, line: line ? Number(line) : null, fn: fn?.trim() || null, inApp: null });
  };
  for (const m of text.matchAll(pythonFrame)) add(m[1]!, m[2], m[3]);
  for (const m of text.matchAll(javaFrame)) {
    const pkg = m[1]!.split('.').slice(0, -1).join('/');
    add(pkg ? `${pkg}/${m[3]!}` : m[3]!, m[4], m[2]);
  }
  for (const m of text.matchAll(jsFrame)) add(m[2]!, m[3], m[1]);
  for (const m of text.matchAll(genericPath)) add(m[1]!, m[2], undefined);
}

/**
 * Every stack frame the cluster's feedback names: Sentry frames from the raw payload (and the frames the
 * Sentry parser kept in metadata), and Python / JavaScript / Java traces or bare `path/file.ext:line`
 * mentions in titles and bodies. Newest-first order is not needed: ranking counts them.
 */
export function extractStackFrames(items: FeedbackForPlan[]): StackFrame[] {
  const out: StackFrame[] = [];
  for (const item of items) {
    const before = out.length;
    sentryFrames(item.raw, out);
    if (out.length === before && Array.isArray(item.metadata.frames)) {
      sentryFrames(
        {
          stacktrace: {
            frames: item.metadata.frames.map((f: Record<string, unknown>) => ({
              filename: f.filename,
              lineno: f.lineno,
              function: f.function,
              in_app: f.inApp,
            })),
          },
        },
        out,
      );
    }
    textFrames(`${item.title}\n${item.body}`, out);
  }
  return out;
}
