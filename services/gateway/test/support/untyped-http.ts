import { toApiResponse, type ApiResponse, type RequestOptions } from './http';

export interface UntypedRequestOptions extends RequestOptions {
  /** Sent as is instead of JSON-encoding `body`. */
  raw?: string;
  contentType?: string;
}

/**
 * A client that sends whatever it is given, outside the API document's types: for the tests of
 * malformed requests (bad-input), whose point is to send what a typed client cannot.
 */
export function untypedApiClient(baseUrl: string) {
  async function request(method: string, path: string, body?: unknown, options: UntypedRequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    return toApiResponse(res);
  }
  return {
    get: (path: string, options?: UntypedRequestOptions) => request('GET', path, undefined, options),
    post: (path: string, body?: unknown, options?: UntypedRequestOptions) => request('POST', path, body, options),
    put: (path: string, body?: unknown, options?: UntypedRequestOptions) => request('PUT', path, body, options),
    delete: (path: string, options?: UntypedRequestOptions) => request('DELETE', path, undefined, options),
  };
}

export type UntypedApiClient = ReturnType<typeof untypedApiClient>;
