import { z } from 'zod';

/** Environment booleans: accepts the spellings people actually type. */
export const envBoolean = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'must be one of true/false, 1/0, yes/no, on/off',
    })
    .optional()
    .transform((v) => (v === undefined ? defaultValue : ['true', '1', 'yes', 'on'].includes(v)));

export const envInt = (defaultValue: number, opts: { min?: number; max?: number } = {}) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .optional()
    .transform((v) => (v === undefined ? defaultValue : Number(v)))
    .pipe(
      z
        .number()
        .int()
        .min(opts.min ?? 0)
        .max(opts.max ?? Number.MAX_SAFE_INTEGER),
    );

const baseUrl = () =>
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((v) => v.replace(/\/+$/, ''));

/** A base URL with no trailing slash, so callers can append paths. */
export function envUrl(): z.ZodOptional<ReturnType<typeof baseUrl>>;
export function envUrl(defaultValue: string): z.ZodDefault<ReturnType<typeof baseUrl>>;
export function envUrl(defaultValue?: string) {
  return defaultValue === undefined ? baseUrl().optional() : baseUrl().default(defaultValue);
}

export const envString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
