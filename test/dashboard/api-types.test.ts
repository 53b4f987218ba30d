import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiTypesFile, renderApiTypes } from '../../scripts/generate-api-types.js';

// The dashboard's API types are derived from the response schemas; a schema change without regenerating
// them would let the dashboard compile against shapes the server no longer sends.
describe('web/src/lib/api-types.generated.ts', () => {
  it('matches the zod response schemas (run npx tsx scripts/generate-api-types.ts)', async () => {
    const generated = await renderApiTypes();
    expect(generated).toContain('export type ClusterView = {');
    expect(generated).toContain('createdAt: string;');
    expect(await readFile(apiTypesFile, 'utf8')).toBe(generated);
  });
});
