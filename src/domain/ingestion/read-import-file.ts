import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { NewFeedbackItem } from '../feedback/feedback-item.js';

const row = z.object({
  title: z.string().trim().min(1, 'title is required').max(1000),
  body: z.string().max(100_000).optional(),
  url: z.url().optional(),
  author: z.string().max(500).optional(),
  external_id: z.string().min(1).max(500).optional(),
  id: z.union([z.string(), z.number()]).transform(String).optional(),
});

const emptyToUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v !== null && v !== undefined));

/**
 * Reads a JSONL or CSV file of feedback (title required; body, url, author, external_id or id optional)
 * and validates every row before anything is stored, reporting bad rows by line number.
 */
export async function readImportFile(path: string): Promise<NewFeedbackItem[]> {
  const text = await readFile(path, 'utf8');
  const records: { line: number; value: unknown }[] = [];
  if (/\.csv$/i.test(path)) {
    let parsed: Record<string, string>[];
    try {
      parsed = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
        string,
        string
      >[];
    } catch (err) {
      throw new AppError('malformed_payload', `${path}: ${(err as Error).message}`);
    }
    parsed.forEach((value, i) => records.push({ line: i + 2, value }));
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        records.push({ line: i + 1, value: JSON.parse(line) as unknown });
      } catch {
        records.push({ line: i + 1, value: Symbol('invalid json') });
      }
    });
  }
  const problems: string[] = [];
  const items: NewFeedbackItem[] = [];
  for (const { line, value } of records) {
    if (typeof value !== 'object' || value === null) {
      problems.push(`line ${line}: not a JSON object`);
      continue;
    }
    const r = row.safeParse(emptyToUndefined(value as Record<string, unknown>));
    if (!r.success) {
      problems.push(
        `line ${line}: ${r.error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ')}`,
      );
      continue;
    }
    const { title, body, url, author, external_id, id } = r.data;
    items.push({
      source: 'manual',
      externalId: external_id ?? (id ? `import:${id}` : `import:${line}:${title}`.slice(0, 500)),
      title,
      body: body ?? '',
      url,
      author,
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).join('\n  ');
    throw new AppError(
      'validation_failed',
      `${problems.length} invalid row(s) in ${path}; nothing was imported:\n  ${shown}${problems.length > 20 ? '\n  …' : ''}`,
    );
  }
  if (items.length === 0) throw new AppError('validation_failed', `${path} holds no rows`);
  return items;
}
