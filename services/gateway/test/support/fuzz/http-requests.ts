import fc from 'fast-check';
import { NUMERAL_TEXTS, hostileKey, hostileString, hostileValue, toJsonText } from './hostile-values';
import type { Operation, Parameter } from './openapi-operations';
import { nearlyValid, type IdPools } from './schema-values';

export type Role = 'anonymous' | 'customer' | 'organizer' | 'admin';

/** What the fuzzed requests know of the stack: ids that exist and a token for each role. */
export interface FuzzWorld extends IdPools {
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
}

/** One request as sent: `path` includes the query. */
export interface FuzzRequest {
  operation: string;
  role: Role;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** 5xx statuses the API document lists for the route requested, which it may answer as documented. */
  documentedServerErrors?: number[];
}

const METHODS_WITHOUT_BODY = new Set(['GET', 'HEAD']);

/** Percent-encodes every byte of the UTF-8 form but the unreserved ones (a lone surrogate becomes U+FFFD). */
export const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

/** Written into the URL as they are: broken percent-encoding, dot segments, an empty segment. */
const RAW_URL_TEXTS = ['%', '%zz', '%E0%A4%A', '%00', '%2F', '%2e%2e', '..', '.', '', ';x', '%F0%9F%98', '%C0%AF', '+', '&=&'];

/**
 * The value as HTTP/1.1 can carry it: characters a header cannot hold (controls but tab, DEL,
 * anything past Latin-1) become `?`, so the client sends every request the generator makes.
 */
const asHeaderValue = (value: string): string => value.replace(/[^\t\x20-\x7e\x80-\xff]/gu, '?');

/** Texts a header may carry over HTTP/1.1 (tab, visible ASCII and obs-text bytes): Latin-1, which is mostly not UTF-8. */
const headerText = fc.string({
  unit: fc.oneof(fc.constant(9), fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=UTF-8',
  'application/json;charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json; foo=bar',
  'application/json; charset="utf-8"',
  'application/problem+json',
  'application/vnd.api+json',
  'application/json, text/plain',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  ';',
  'application/',
];

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerText },
);

/** Headers a client might add, with values both plausible and hostile. */
const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'accept',
      'accept-encoding',
      'accept-language',
      'if-none-match',
      'if-match',
      'if-modified-since',
      'idempotency-key',
      'x-request-id',
      'x-forwarded-for',
      'forwarded',
      'origin',
      'access-control-request-method',
      'cookie',
      'range',
      'content-encoding',
      'content-language',
      'traceparent',
      'tracestate',
      'baggage',
      'user-agent',
      'referer',
      'x-http-method-override',
      'x-forwarded-proto',
      'x-real-ip',
      'prefer',
    ),
    fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
  ),
  fc.oneof(
    headerText,
    fc.constantFrom(
      '*',
      'gzip',
      'br',
      'gzip;q=NaN',
      'br;q=1e400',
      '*;q=0',
      'identity;q=0',
      'zstd',
      'W/"x"',
      '"x"',
      'bytes=0-1',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-zz-zz-zz',
      '1.2.3.4, ::1, unknown',
      'null',
      'application/problem+json',
      'DELETE',
      '../',
      'ﬃ'.normalize('NFKD'),
    ),
    fc.constantFrom(...NUMERAL_TEXTS),
  ),
  { maxKeys: 4 },
);

/** A real token with its last signature character changed: well-formed, wrongly signed. */
const resigned = (token: string) => `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;

function authorization(role: Role, world: FuzzWorld): fc.Arbitrary<string | undefined> {
  if (role !== 'anonymous') {
    const token = world.tokens[role];
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${token}`) },
      { weight: 1, arbitrary: fc.constantFrom(`bearer ${token}`, `Bearer  ${token}`, `Bearer ${resigned(token)}`, `Bearer ${token} ${token}`, token) },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer e30.e30.', 'Digest x') },
    { weight: 1, arbitrary: headerText.map((text) => `Bearer ${text}`) },
  );
}

/** Text for one path segment: a real id mostly, else anything, percent-encoded or raw. */
function pathSegment(world: FuzzWorld): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...world.idsFor('')) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: hostileString.map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_URL_TEXTS) },
  );
}

function queryValue(parameter: Parameter, world: FuzzWorld): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: nearlyValid(parameter.schema, world, parameter.name).map((value) => (typeof value === 'string' ? value : toJsonText(value))) },
    { weight: 1, arbitrary: fc.constantFrom(...NUMERAL_TEXTS) },
    { weight: 1, arbitrary: hostileString },
  );
}

/** The query string: declared parameters now and then, a stray one, a repeated one, or raw junk. */
function queryString(operation: Operation, world: FuzzWorld): fc.Arbitrary<string> {
  const declared = operation.query.map((parameter) =>
    fc.option(
      queryValue(parameter, world).map((value) => `${percentEncode(parameter.name)}=${percentEncode(value)}`),
      { nil: undefined, freq: 2 },
    ),
  );
  const stray = fc.array(
    fc.oneof(
      fc.tuple(hostileKey, hostileString).map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`),
      fc.constantFrom(...RAW_URL_TEXTS, 'page', 'page=1&page=2', 'limit[]=1', 'a[b]=c', '__proto__[x]=1'),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...declared), stray).map(([pairs, more]) => {
    const all = [...pairs.filter((pair) => pair !== undefined), ...more];
    return all.length === 0 ? '' : `?${all.join('&')}`;
  });
}

const RAW_BODIES = [
  '',
  '{',
  '{"a":1}{"b":2}',
  'null',
  '"x"',
  '[]',
  '{}',
  '1e400',
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"role":"admin"}}}',
  '\ufeff{}',
  '{"name":"\\ud800"}',
  '{"a":1,"a":2}',
  ' \n ',
  '{"a":01}',
];

function body(operation: Operation, world: FuzzWorld): fc.Arbitrary<string | Uint8Array | undefined> {
  return fc.oneof(
    { weight: operation.body ? 6 : 0, arbitrary: nearlyValid(operation.body ?? {}, world).map(toJsonText) },
    { weight: 2, arbitrary: hostileValue.map(toJsonText) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Requests for one operation: its method mostly (another now and then), each role, every part fuzzed. */
export function fuzzRequest(operation: Operation, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const method = fc.oneof(
    { weight: 9, arbitrary: fc.constant(operation.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  );
  const role = fc.constantFrom<Role>('anonymous', 'customer', 'organizer', 'admin');
  const declaredHeaders = fc.tuple(
    ...operation.headers.map((parameter) =>
      fc.option(queryValue(parameter, world), { nil: undefined, freq: 2 }).map((value) => [parameter.name, value] as const),
    ),
  );
  const path = fc
    .tuple(...operation.pathParameters.map(() => pathSegment(world)))
    .map((segments) => operation.pathParameters.reduce((path, name, i) => path.replace(`{${name}}`, segments[i]!), operation.path));

  return fc
    .record({
      method,
      role,
      path,
      query: queryString(operation, world),
      declaredHeaders,
      extraHeaders,
      contentType: fc.option(contentType, { freq: 6 }),
      body: body(operation, world),
    })
    .chain((parts) =>
      authorization(parts.role, world).map((auth): FuzzRequest => {
        const headers: Record<string, string> = { ...parts.extraHeaders };
        for (const [name, value] of parts.declaredHeaders) if (value !== undefined) headers[name] = value;
        if (auth !== undefined) headers.authorization = auth;
        const sendsBody = !METHODS_WITHOUT_BODY.has(parts.method) && parts.body !== undefined;
        if (sendsBody && parts.contentType !== null) headers['content-type'] = parts.contentType;
        return {
          operation: operation.label,
          role: parts.role,
          method: parts.method,
          path: `${parts.path}${parts.query}`,
          headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, asHeaderValue(value)])),
          ...(sendsBody ? { body: parts.body } : {}),
          ...(parts.method === operation.method ? { documentedServerErrors: operation.serverErrors } : {}),
        };
      }),
    );
}
