import { notFound } from '../errors.js';
import { getSource, type SourceDeps } from './source-repository.js';

/** One stored secret of a source in plain text, for a person who must paste it into the vendor again. */
export async function revealSourceSecret(
  deps: SourceDeps,
  projectId: string,
  sourceId: string,
  name: string,
): Promise<{ name: string; value: string }> {
  const source = await getSource(deps, projectId, sourceId);
  const value = source.secrets[name];
  if (value === undefined) throw notFound('secret');
  return { name, value };
}
