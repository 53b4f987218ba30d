import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { FeedbackSource, NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, sha256, truncate } from './parse-helpers.js';

/**
 * Per-source field mapping for vendors whose body is a template the user edits (Datadog, PostHog
 * destinations, Splunk): where in the delivery the title, body, URL, external id and level are. Paths are a
 * small, safe subset of JSON path: dotted keys and `[index]`, e.g. `event.properties.$exception_list[0].value`.
 * They are parsed, never evaluated, and read own properties only.
 */
export type PathSegment = string | number;

const KEY = /^[A-Za-z0-9_$@-]+/;
const INDEX = /^\[(\d{1,6})\]/;
const MAX_PATH = 300;
const MAX_SEGMENTS = 32;

/** The segments of a path, or a readable reason it is not one. */
export function parseJsonPath(path: string): { segments: PathSegment[] } | { error: string } {
  const text = path.trim();
  if (text === '') return { error: 'is empty' };
  if (text.length > MAX_PATH) return { error: `is longer than ${MAX_PATH} characters` };
  const segments: PathSegment[] = [];
  let rest = text;
  let expectKey = true;
  while (rest.length > 0) {
    const at = text.length - rest.length;
    const index = INDEX.exec(rest);
    if (index) {
      if (segments.length === 0) return { error: `must start with a key, not "[" (position ${at + 1})` };
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      expectKey = false;
    } else if (expectKey) {
      const key = KEY.exec(rest);
      if (!key)
        return {
          error: `has "${rest[0]}" at position ${at + 1} where a key (letters, digits, _ $ @ -) was expected`,
        };
      segments.push(key[0]);
      rest = rest.slice(key[0].length);
      expectKey = false;
    } else if (rest.startsWith('.')) {
      rest = rest.slice(1);
      expectKey = true;
      if (rest.length === 0) return { error: 'ends with "."' };
    } else {
      return { error: `has "${rest[0]}" at position ${at + 1}; use "." between keys and [n] for indexes` };
    }
    if (segments.length > MAX_SEGMENTS) return { error: `has more than ${MAX_SEGMENTS} parts` };
  }
  return { segments };
}

/** The value at a path, reading own properties only (never a prototype's), or undefined. */
export function readPath(value: unknown, segments: PathSegment[]): unknown {
  let current = value;
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(current) || s >= current.length) return undefined;
      current = current[s];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, s)) return undefined;
      current = (current as Record<string, unknown>)[s];
    }
  }
  return current;
}

const jsonPath = (field: string) =>
  z
    .string()
    .trim()
    .superRefine((path, ctx) => {
      const parsed = parseJsonPath(path);
      if ('error' in parsed)
        ctx.addIssue({ code: 'custom', message: `${field} path "${path}" ${parsed.error}` });
    });

export const mappedFields = ['title', 'body', 'url', 'externalId', 'level'] as const;
export type MappedField = (typeof mappedFields)[number];

/** A source's mapping as stored in its config; only the title is required. */
export const fieldMapping = z
  .object({
    title: jsonPath('title'),
    body: jsonPath('body').optional(),
    url: jsonPath('url').optional(),
    externalId: jsonPath('externalId').optional(),
    level: jsonPath('level').optional(),
  })
  .strict();
export type FieldMapping = z.output<typeof fieldMapping>;

/** The mapping a source's config holds, if any (null or absent: the vendor's built-in parser). */
export function mappingOf(config: Record<string, unknown> | undefined): FieldMapping | undefined {
  const parsed = fieldMapping.safeParse(config?.mapping);
  return parsed.success ? parsed.data : undefined;
}

/** Text of a mapped value: strings as sent, numbers and booleans printed, objects and arrays as JSON. */
function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export interface MappedValues {
  title?: string;
  body?: string;
  url?: string;
  externalId?: string;
  level?: string;
}

/** What each path of a mapping finds in a body, and which paths found nothing. */
export function readMapping(
  mapping: FieldMapping,
  body: unknown,
): { values: MappedValues; missing: MappedField[] } {
  const values: MappedValues = {};
  const missing: MappedField[] = [];
  for (const field of mappedFields) {
    const path = mapping[field];
    if (path === undefined) continue;
    const parsed = parseJsonPath(path);
    const text = 'segments' in parsed ? asText(readPath(body, parsed.segments)) : undefined;
    if (text === undefined || text.trim() === '') missing.push(field);
    else values[field] = text;
  }
  return { values, missing };
}

/**
 * One feedback item from a delivery through the source's mapping. Without an external id path, the exact
 * body identifies the report (a redelivery of the same body is a duplicate).
 */
export function applyMapping(
  kind: FeedbackSource,
  mapping: FieldMapping,
  body: unknown,
  rawText: string,
): NewFeedbackItem {
  const { values, missing } = readMapping(mapping, body);
  if (values.title === undefined)
    throw new AppError(
      'malformed_payload',
      `the source's field mapping found no title at "${mapping.title}" in this delivery`,
    );
  return {
    source: kind,
    externalId: truncate(values.externalId ?? `body:${sha256(rawText)}`, 500),
    title: truncate(values.title.trim(), 1000),
    body: values.body ?? '',
    url: httpUrl(values.url),
    metadata: {
      mapped: true,
      level: values.level?.toLowerCase() ?? null,
      unmatchedPaths: missing,
    },
  };
}
