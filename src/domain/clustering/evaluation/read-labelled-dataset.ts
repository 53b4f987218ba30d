import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { LabelledItem } from './evaluate-clustering.js';

const labelled = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  body: z.string().nullish(),
  group: z.union([z.string(), z.number()]).transform(String),
});

/** A labelled set: JSONL of {id, title, body, group}, or CSV with those columns (header row). */
export async function readLabelledDataset(file: string): Promise<LabelledItem[]> {
  const text = await readFile(file, 'utf8');
  const records: unknown[] = file.toLowerCase().endsWith('.csv')
    ? (parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as unknown[])
    : text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l, i) => {
          try {
            return JSON.parse(l) as unknown;
          } catch {
            throw new AppError('validation_failed', `${file} line ${i + 1}: not JSON`);
          }
        });
  return records.map((record, i) => {
    const r = labelled.safeParse(record);
    if (!r.success)
      throw new AppError('validation_failed', `${file} record ${i + 1}: ${r.error.issues[0]?.message}`);
    return { ...r.data, body: r.data.body ?? '' };
  });
}
