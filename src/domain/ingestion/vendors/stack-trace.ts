import { z } from 'zod';

/**
 * Stack frames as Sentry and PostHog error tracking send them (PostHog's `$exception_list` borrows Sentry's
 * frame fields): oldest frame first, the crash site last.
 */
export const vendorFrame = z
  .object({
    filename: z.string().nullish(),
    abs_path: z.string().nullish(),
    module: z.string().nullish(),
    function: z.string().nullish(),
    lineno: z.number().nullish(),
    colno: z.number().nullish(),
    in_app: z.boolean().nullish(),
  })
  .loose();

/** A frame as kept in an item's metadata.frames, which plans read (plans/extract-stack-frames.ts). */
export interface KeptFrame {
  filename: string | null;
  module: string | null;
  function: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean;
}

export const keepFrames = (frames: z.output<typeof vendorFrame>[]): KeptFrame[] =>
  frames.map((f) => ({
    filename: f.filename ?? f.abs_path ?? null,
    module: f.module ?? null,
    function: f.function ?? null,
    lineno: f.lineno ?? null,
    colno: f.colno ?? null,
    inApp: f.in_app ?? false,
  }));

/** The trace a reader (and the plan's prompt) wants: crash site first, at most 15 frames. */
export const formatTrace = (frames: KeptFrame[]): string =>
  [...frames]
    .reverse()
    .slice(0, 15)
    .map(
      (f) =>
        `  at ${f.function ?? '?'} (${f.filename ?? '?'}:${f.lineno ?? '?'}${f.colno != null ? `:${f.colno}` : ''})`,
    )
    .join('\n');
