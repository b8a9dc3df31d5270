import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, isRetryLaterError, validationError } from '@ticres/shared';
import { fieldErrorsOf } from './field-errors';
import { PROBLEM_CONTENT_TYPE, toProblem, type Problem } from './problem';
import { withRequestIdHeader } from './request-id';
import { withSecurityHeaders } from './security-headers';

/** Fastify's own request errors, by their stable `FST_ERR_*` code. */
const FASTIFY_ERRORS: Record<string, AppError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: new AppError('MALFORMED_REQUEST', 'The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new AppError('MALFORMED_REQUEST', 'The request body is empty; send a JSON object.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new AppError('MALFORMED_REQUEST', 'The request body does not match its Content-Length.'),
  FST_ERR_CTP_BODY_TOO_LARGE: new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type; send the body as application/json.'),
  // Fastify's own text for these two quotes the path back.
  FST_ERR_MAX_PARAM_LENGTH: new AppError('URI_TOO_LONG', 'A path segment of the URI is too long.'),
  FST_ERR_BAD_URL: new AppError('MALFORMED_REQUEST', 'The URI is not validly encoded.'),
};

const GENERIC_INTERNAL = 'An unexpected error occurred.';

const isFastifyError = (error: unknown): error is FastifyError => error instanceof Error && typeof (error as Partial<FastifyError>).code === 'string';

/**
 * The client's view of any error: domain errors through the code table, Fastify's request
 * errors by their code, anything else a generic 500 (its text stays in the log).
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) {
    return error.code === 'INTERNAL' ? new AppError('INTERNAL', GENERIC_INTERNAL) : error;
  }
  if (isFastifyError(error)) {
    if (error.validation) return validationError(fieldErrorsOf(error.validation, error.validationContext));
    const known = FASTIFY_ERRORS[error.code];
    if (known) return known;
    // Any other request error Fastify raises itself (4xx) is something wrong with the request.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return new AppError('MALFORMED_REQUEST', 'The request could not be processed.');
    }
  }
  return new AppError('INTERNAL', GENERIC_INTERNAL);
}

export function problemFor(error: unknown): Problem {
  const appError = toAppError(error);
  return toProblem(appError.code, appError.message, appError.fields);
}

/** Sends a problem document (with any members of its own) and the request's id in it. */
export const sendProblem = <P extends Problem>(request: FastifyRequest, reply: FastifyReply, problem: P): FastifyReply =>
  reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problem, request_id: request.id });

/** Answers any error as application/problem+json; a 5xx is logged, never described. */
export function replyWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFor(error);
  // A refusal under overload is the service working as designed, and the access log counts it;
  // an error line with a stack for each would add to the load it is shedding.
  if (problem.status >= 500 && problem.code !== 'OVERLOADED') {
    request.log.error({ err: error, code: problem.code }, 'request failed');
  }
  // A refusal for a known time (a rate limit, a hold cool-down), a service that refused the call before doing
  // anything for it or could not reach what it needs (its database): the client may come back then.
  if (isRetryLaterError(error)) reply.header('retry-after', String(error.retryAfterSeconds));
  return sendProblem(request, reply, problem);
}

/**
 * Fastify's `frameworkErrors` option: the router's own errors (a path segment over
 * `maxParamLength`, a malformed URI), which reach neither the error handler nor the hooks.
 */
export function replyToFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  replyWithProblem(error, request, withRequestIdHeader(request, withSecurityHeaders(reply)));
}

/**
 * Every error and every unknown route is answered as application/problem+json; the router's
 * errors through `replyToFrameworkError`, the HTTP parser's (before Fastify) through
 * `answerClientError`.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(replyWithProblem);

  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, toProblem('NOT_FOUND', 'No such route.')));
}
