import { bearer, createTicresClient, type paths, type Problem, type Schemas } from '@ticres/client';
import { operationCall, undocumentedAnswer } from './api-operations';

/**
 * The end-to-end tests' client of the gateway: @ticres/client (openapi-fetch over the types
 * generated from the API document) behind the short `api.get(url)` form the tests read well in.
 * A URL or a body the document does not have is a compile error, and an answer it does not list
 * (a status, or a problem's code) fails the test.
 */

/** What a test looks at in an answer. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  contentType: string;
  /** The parsed JSON body, or undefined for an empty or non-JSON body. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
}

export async function toApiResponse(res: Response): Promise<ApiResponse> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, contentType: res.headers.get('content-type') ?? '', body: parsed, text };
}

type Method = 'get' | 'put' | 'post' | 'delete';

/** `/api/v1/events/{id}` -> `/api/v1/events/${string}` */
type Concrete<Template extends string> = Template extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${Concrete<Tail>}` : Template;
type UrlOf<Template extends string> = Concrete<Template> | `${Concrete<Template>}?${string}`;
type TemplateWith<M extends Method> = { [T in keyof paths]: paths[T][M] extends undefined ? never : T }[keyof paths];

/** A URL of one of the document's operations with method M, query string included. */
export type ApiUrl<M extends Method> = UrlOf<TemplateWith<M>>;

type TemplateOf<M extends Method, Url extends string> = {
  [T in TemplateWith<M>]: Url extends UrlOf<T> ? T : never;
}[TemplateWith<M>];
type JsonBodyOf<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

/** The JSON body the document gives the operation the URL names. */
export type BodyOf<M extends Method, Url extends string> = JsonBodyOf<
  TemplateOf<M, Url> extends infer T extends keyof paths ? (paths[T] extends Record<M, infer Operation> ? Operation : never) : never
>;

export function apiClient(baseUrl: string) {
  const client = createTicresClient({ baseUrl });
  client.use({
    onResponse: async ({ request, response, schemaPath }) => {
      const body: unknown = response.headers.get('content-type')?.includes('json') ? await response.clone().json() : undefined;
      const undocumented = undocumentedAnswer(request.method.toLowerCase(), schemaPath, response.status, body);
      if (undocumented) throw new Error(undocumented);
    },
  });

  async function request(method: Method, url: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    const { template, path, query } = operationCall(method, url);
    let answer: Response | undefined;
    await client.request(
      method,
      template as never,
      {
        params: { path, query },
        ...(body === undefined ? {} : { body }),
        headers: { ...options.headers, ...(options.token ? bearer(options.token) : {}) },
        // The test reads the answer as it came, whatever its status.
        fetch: async (sent: Request) => {
          answer = await fetch(sent);
          return answer.clone();
        },
      } as never,
    );
    return toApiResponse(answer!);
  }

  return {
    get: <Url extends ApiUrl<'get'>>(url: Url, options?: RequestOptions) => request('get', url, undefined, options),
    post: <Url extends ApiUrl<'post'>>(url: Url, body?: BodyOf<'post', Url>, options?: RequestOptions) => request('post', url, body, options),
    put: <Url extends ApiUrl<'put'>>(url: Url, body: BodyOf<'put', Url>, options?: RequestOptions) => request('put', url, body, options),
    delete: <Url extends ApiUrl<'delete'>>(url: Url, options?: RequestOptions) => request('delete', url, undefined, options),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The `data` of a success body, typed by the caller (the gateway's response schemas enforce it). */
export function dataOf<T>(res: ApiResponse): T {
  if (res.status >= 300) throw new Error(`expected a success, got ${res.status}: ${res.text}`);
  return (res.body as { data: T }).data;
}

export function problemOf(res: ApiResponse): Problem {
  if (!res.contentType.startsWith('application/problem+json')) {
    throw new Error(`expected a problem, got ${res.status} ${res.contentType}: ${res.text}`);
  }
  return res.body as Problem;
}

export type User = Schemas['User'];
export type Tokens = Schemas['TokenPair'];
export type Event = Schemas['Event'];
export type Seat = Schemas['Seat'];
export type Booking = Schemas['Booking'];
export type Transaction = Schemas['Transaction'];
export type PaymentStatus = Schemas['PaymentStatus'];
export type Refund = NonNullable<PaymentStatus['refund']>;
export type EventDetail = Schemas['EventDetail'];
/** GET /events/:id of an event above booking's EVENT_DETAIL_MAX_SEATS. */
export type LargeEventDetail = Schemas['LargeEventDetail'];
export type NewEvent = Schemas['CreateEventRequest'];
export type PayRequest = Schemas['PayRequest'];
export type Role = Schemas['SetRoleRequest']['role'];
/** The seats a hold asks for, in either form of POST /bookings, without the event. */
export type SeatChoice = Schemas['HoldSeatsRequest'] extends infer Form ? (Form extends unknown ? Omit<Form, 'event_id'> : never) : never;

export interface Page<T> {
  data: T[];
  meta: Schemas['PageMeta'];
}

/** The whole body of a list answer, typed by the caller. */
export function pageOf<T>(res: ApiResponse): Page<T> {
  if (res.status !== 200) throw new Error(`expected a list, got ${res.status}: ${res.text}`);
  return res.body as Page<T>;
}
