import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError, errorStatus, type ErrorCode } from '../domain/errors.js';
import { joinProblems, readableIssues } from '../domain/readable-issues.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_payload',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_payload',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'bad_request',
};

// RFC 9110 field-value characters; anything else makes Node refuse to write the header.
const INVALID_HEADER_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/**
 * An error answer must not carry a header the route set before it failed: a Location or cookie holding a
 * newline (once, a returnTo) makes Node throw while writing the error response itself, and Fastify then
 * falls back to its own body shape.
 */
function dropUnwritableHeaders(reply: FastifyReply): void {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => INVALID_HEADER_VALUE.test(String(v)))) reply.removeHeader(name);
  }
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  dropUnwritableHeaders(reply);
  return reply.status(status).send({
    error: { code, message, ...(details === undefined ? {} : { details }) },
  } satisfies ErrorBody);
}

/** A rate-limit or budget error says how long to wait (details.retryAfterSeconds); HTTP says it in Retry-After. */
function retryAfterSeconds(err: AppError): number | undefined {
  if (
    (err.code !== 'rate_limited' && err.code !== 'budget_exceeded') ||
    typeof err.details !== 'object' ||
    err.details === null
  )
    return undefined;
  const wait = (err.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof wait === 'number' && wait > 0 ? Math.ceil(wait) : undefined;
}

/** The one mapping from thrown errors to HTTP. Unknown errors are logged and answered with a generic 500. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      const wait = retryAfterSeconds(err);
      if (wait !== undefined) reply.header('retry-after', String(wait));
      return sendError(reply, err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // the provider keeps each zod issue's fields in params; put the issue back together to word it
      const issues = err.validation.map(
        (v) =>
          ({
            ...v.params,
            code: v.keyword,
            message: v.message,
            path: v.instancePath.split('/').filter((p) => p !== ''),
          }) as unknown as z.core.$ZodIssue,
      );
      const fields = readableIssues(issues);
      const details = err.validation.map((v, i) => ({
        path: v.instancePath || '/',
        message: fields[i]?.message ?? v.message,
      }));
      return sendError(
        reply,
        400,
        'validation_failed',
        `The request ${err.validationContext ?? 'input'} is invalid: ${joinProblems(fields)}`,
        details,
      );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response did not match its schema');
      return sendError(reply, 500, 'internal', 'Internal server error');
    }
    const fe = err as FastifyError;
    const mapped = fe.code !== undefined ? fastifyCodes[fe.code] : undefined;
    if (mapped !== undefined) return sendError(reply, errorStatus[mapped], mapped, fe.message);
    if (fe.statusCode === 429) return sendError(reply, 429, 'rate_limited', fe.message);
    if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendError(reply, fe.statusCode, 'bad_request', fe.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0]}`),
  );
}

/**
 * Errors Fastify raises before routing (a URL whose percent-encoding does not decode, an over-long
 * parameter): the route's error handler never sees them, so they are answered here in the same shape.
 * The URL itself is not echoed: it may carry a token in its query string.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code = fastifyCodes[err.code] ?? 'bad_request';
  const message =
    err.code === 'FST_ERR_BAD_URL'
      ? 'the URL is not valid (a percent-escape does not decode)'
      : 'the request could not be routed';
  void sendError(reply, errorStatus[code], code, message);
}

/**
 * Requests Node's HTTP parser rejects (a malformed request line, a bad Content-Length, headers over the
 * size limit, a timeout) never reach Fastify's routing; this writes the same error shape on the socket,
 * as Fastify's default handler does with its own.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['request_timeout', 'the request was not received in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['headers_too_large', 'the request headers exceed the allowed size']
        : ['bad_request', 'the request is not valid HTTP'];
  const status = errorStatus[code];
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
