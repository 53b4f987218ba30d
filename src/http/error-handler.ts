import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_payload',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_payload',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** A rate-limit error says how long to wait (details.retryAfterSeconds); HTTP says it in Retry-After. */
function retryAfterSeconds(err: AppError): number | undefined {
  if (err.code !== 'rate_limited' || typeof err.details !== 'object' || err.details === null)
    return undefined;
  const wait = (err.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof wait === 'number' && wait > 0 ? Math.ceil(wait) : undefined;
}

/** The one mapping from thrown errors to HTTP. Unknown errors are logged and answered with a generic 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    const send = (status: number, code: string, message: string, details?: unknown) =>
      reply.status(status).send({
        error: { code, message, ...(details === undefined ? {} : { details }) },
      } satisfies ErrorBody);

    if (err instanceof AppError) {
      const wait = retryAfterSeconds(err);
      if (wait !== undefined) reply.header('retry-after', String(wait));
      return send(err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return send(
        400,
        'validation_failed',
        `request ${err.validationContext ?? 'input'} is invalid`,
        details,
      );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return send(500, 'internal', 'Internal server error');
    }
    const fe = err as FastifyError;
    const mapped = fe.code !== undefined ? fastifyCodes[fe.code] : undefined;
    if (mapped !== undefined) return send(new AppError(mapped, '').status, mapped, fe.message);
    if (fe.statusCode === 429) return send(429, 'rate_limited', fe.message);
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(fe.statusCode, 'bad_request', fe.message);
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'internal', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
