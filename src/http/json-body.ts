import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.js';
import { cleanJson, MAX_JSON_DEPTH } from '../lib/clean-text.js';
import { jsonNestsDeeperThan } from '../lib/json-depth.js';

/** 400 before parsing when a body nests deeper than anything Soulcaster accepts or stores. */
export function assertJsonDepth(text: string): void {
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH))
    throw new AppError('malformed_payload', `the JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
}

/**
 * JSON bodies of the API routes: Fastify's own parser (prototype-poisoning checks included), behind the
 * nesting bound, with NULs and lone surrogates cleaned out of every string so that a stray byte in a name
 * or a form is stored instead of failing the request. Webhook routes keep the raw bytes (signatures)
 * and do the same in their own parser.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = typeof raw === 'string' ? raw : raw.toString('utf8');
    try {
      assertJsonDepth(body);
    } catch (err) {
      done(err as AppError, undefined);
      return;
    }
    void parse(request, body, (err, value) => (err ? done(err, undefined) : done(null, cleanJson(value))));
  });
}
