import { ECHO_MARK } from './hostile-values';
import type { FuzzRequest } from './http-requests';

export interface FuzzAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const ANSWER_TIMEOUT_MS = 30_000;

export async function sendFuzzRequest(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const describe = (request: FuzzRequest, answer: FuzzAnswer, why: string) =>
  new Error(
    `${why}\n${request.method} ${request.path.slice(0, 300)} as ${request.role}\nanswer ${answer.status} ${answer.headers.get('content-type')}: ${answer.text.slice(0, 500)}`,
  );

/**
 * What every answer to any request must be: a 2xx, a 304 to a conditional request, or a 4xx
 * problem+json with a `code` that repeats nothing of the request; a 5xx only as a 503 with
 * Retry-After (a service refusing work under load) or as a status the API document lists for the
 * route (`/readyz` is 503 while a dependency does not answer in time), problem+json too. Throws,
 * describing the exchange.
 */
export function checkFuzzAnswer(request: FuzzRequest, answer: FuzzAnswer): void {
  const { status } = answer;
  if (status >= 200 && status < 300) return;
  if (status === 304 && 'if-none-match' in request.headers) return;
  const documented = request.documentedServerErrors?.includes(status) ?? false;
  if (status >= 500 && !documented && (status !== 503 || !answer.headers.get('retry-after'))) {
    throw describe(request, answer, `a ${status} (only a 503 with Retry-After, or one the API document lists, is allowed)`);
  }
  if (status < 400) throw describe(request, answer, `an unexpected ${status}`);
  if (!answer.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw describe(request, answer, 'an error that is not application/problem+json');
  }
  // HEAD answers carry the headers of the problem without its body.
  if (request.method === 'HEAD') return;
  let problem: { status?: unknown; code?: unknown };
  try {
    problem = JSON.parse(answer.text) as typeof problem;
  } catch {
    throw describe(request, answer, 'a problem body that is not JSON');
  }
  if (typeof problem.code !== 'string' || !/^[A-Z_]+$/.test(problem.code)) throw describe(request, answer, 'a problem without a code');
  if (problem.status !== status) throw describe(request, answer, 'a problem whose status is not the answer’s');
  if (answer.text.includes(ECHO_MARK)) throw describe(request, answer, 'an error that echoes the request');
}
