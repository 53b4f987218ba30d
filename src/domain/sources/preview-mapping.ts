import { z } from 'zod';
import { findLastDelivery, type LastDelivery } from './source-last-delivery-repository.js';
import { AppError } from '../errors.js';
import {
  fieldMapping,
  mappingOf,
  readMapping,
  type MappedValues,
} from '../ingestion/vendors/field-mapping.js';
import { vendorOf } from '../ingestion/vendors/registry.js';
import { getSource, type SourceDeps } from './source-repository.js';

export interface MappingPreview {
  /** the delivery the mapping was applied to; null when the source has received none yet */
  delivery: LastDelivery | null;
  mapping: z.output<typeof fieldMapping>;
  /** what each path found, as the item would carry it */
  values: MappedValues;
  /** mapped fields whose path found nothing in this delivery */
  missing: string[];
}

/**
 * Applies a field mapping (the one given, else the source's saved one) to the source's last delivery,
 * without storing anything: what the title, body, URL, external id and level would be.
 */
export async function previewMapping(
  deps: SourceDeps,
  projectId: string,
  sourceId: string,
  given: unknown,
): Promise<MappingPreview> {
  const source = await getSource(deps, projectId, sourceId);
  if (!vendorOf(source.kind).mappable)
    throw new AppError('bad_request', `${source.kind} sources have a fixed shape and take no field mapping`);
  let mapping = mappingOf(source.config);
  if (given !== undefined && given !== null) {
    const parsed = fieldMapping.safeParse(given);
    if (!parsed.success)
      throw new AppError('validation_failed', `invalid field mapping: ${z.prettifyError(parsed.error)}`);
    mapping = parsed.data;
  }
  if (mapping === undefined)
    throw new AppError('bad_request', 'this source has no field mapping; send one to preview');
  const delivery = (await findLastDelivery(deps.db, { sourceId: source.id })) ?? null;
  if (delivery === null || delivery.tooLarge)
    return {
      delivery,
      mapping,
      values: {},
      missing: [],
    };
  const { values, missing } = readMapping(mapping, delivery.body);
  return { delivery, mapping, values, missing };
}
