import { z } from 'zod';
import { formatTrace, keepFrames, vendorFrame } from './stack-trace.js';

/** One entry of `$exception_list` (PostHog error tracking; the newest SDKs, and the capture API). */
const exceptionEntry = z
  .object({
    type: z.string().nullish(),
    value: z.string().nullish(),
    module: z.string().nullish(),
    mechanism: z.object({ handled: z.boolean().nullish(), type: z.string().nullish() }).loose().nullish(),
    stacktrace: z
      .object({ type: z.string().nullish(), frames: z.array(vendorFrame).nullish() })
      .loose()
      .nullish(),
  })
  .loose();

export interface PosthogException {
  title: string;
  body: string;
  metadata: Record<string, unknown>;
}

/**
 * The exception an error-tracking event reports: the title from `$exception_list[0]` (type and value), or
 * from the older flat `$exception_type` / `$exception_message` properties; the frames of that first entry
 * (oldest first, as Sentry orders them) become the item's stack trace. Undefined when the event carries
 * no exception.
 */
export function readPosthogException(props: Record<string, unknown>): PosthogException | undefined {
  const list = z.array(exceptionEntry).safeParse(props.$exception_list);
  const first = list.success ? list.data[0] : undefined;
  const flatType = typeof props.$exception_type === 'string' ? props.$exception_type : undefined;
  const flatMessage = typeof props.$exception_message === 'string' ? props.$exception_message : undefined;
  const type = first?.type ?? flatType;
  const value = first?.value ?? flatMessage;
  if (type === undefined && value === undefined) return undefined;
  const headline = type && value ? `${type}: ${value}` : (value ?? type ?? 'Exception');
  const frames = keepFrames(first?.stacktrace?.frames ?? []);
  const trace = formatTrace(frames);
  const level = typeof props.$exception_level === 'string' ? props.$exception_level : 'error';
  const chained = list.success ? list.data.slice(1) : [];
  return {
    title: (headline.split('\n')[0] ?? headline).trim() || 'Exception',
    body: [
      headline,
      trace ? `Stack trace (most recent call first):\n${trace}` : undefined,
      chained.length > 0
        ? `Caused by:\n${chained.map((c) => `  ${c.type ?? 'Error'}: ${c.value ?? ''}`).join('\n')}`
        : undefined,
    ]
      .filter(Boolean)
      .join('\n\n'),
    metadata: {
      level,
      exceptionType: type ?? null,
      handled: first?.mechanism?.handled ?? null,
      fingerprint: typeof props.$exception_fingerprint === 'string' ? props.$exception_fingerprint : null,
      frames,
    },
  };
}
