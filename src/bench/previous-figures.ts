import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const performanceDoc = fileURLToPath(new URL('../../docs/PERFORMANCE.md', import.meta.url));

/**
 * The figures docs/PERFORMANCE.md recorded for a benchmark: the JSON block after the marker
 * `<!-- bench:<name> -->`. Benchmarks print them beside the new figures, so a regression shows in the
 * output itself. Undefined when the document has none (yet).
 */
export async function previousFigures(name: string): Promise<unknown> {
  const doc = await readFile(performanceDoc, 'utf8').catch(() => '');
  const at = doc.indexOf(`<!-- bench:${name} -->`);
  if (at < 0) return undefined;
  const block = /```json\n([\s\S]*?)\n```/.exec(doc.slice(at));
  if (block?.[1] === undefined) return undefined;
  try {
    return JSON.parse(block[1]) as unknown;
  } catch {
    return undefined;
  }
}
