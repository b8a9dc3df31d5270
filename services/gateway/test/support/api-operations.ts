import { readFileSync } from 'node:fs';

/** The API document's operations, to find which one a URL names and what it may answer. */

interface Media {
  schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] };
}
type Responses = Record<string, { content?: Record<string, Media> }>;
interface Document {
  paths: Record<string, Record<string, { responses: Responses }>>;
}

const DOCUMENT = JSON.parse(readFileSync(require.resolve('@ticres/client/openapi.json'), 'utf8')) as Document;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
}

const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

const OPERATIONS: Operation[] = Object.entries(DOCUMENT.paths).flatMap(([template, methods]) =>
  Object.keys(methods).map((method) => ({
    method,
    template,
    names: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
    pattern: new RegExp(`^${escape(template).replace(/\{[^}]+\}/g, '([^/]+)')}$`),
  })),
);

export interface OperationCall {
  /** The document's path, e.g. `/api/v1/events/{id}`. */
  template: string;
  path: Record<string, string>;
  query: Record<string, string>;
}

/** The operation a concrete URL (`/api/v1/events/0193...?limit=5`) calls, with its parameters. */
export function operationCall(method: string, url: string): OperationCall {
  const { pathname, searchParams } = new URL(url, 'http://api.invalid');
  for (const operation of OPERATIONS) {
    const match = operation.method === method ? operation.pattern.exec(pathname) : null;
    if (!match) continue;
    const path = Object.fromEntries(operation.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { template: operation.template, path, query: Object.fromEntries(searchParams) };
  }
  throw new Error(`${method.toUpperCase()} ${pathname} is no operation of the API document`);
}

const PROBLEM = 'application/problem+json';

/**
 * Why the document does not describe this answer of an operation, or undefined when it does: every
 * status an operation answers with must be listed, and a problem's `code` among that status's codes.
 */
export function undocumentedAnswer(method: string, template: string, status: number, body: unknown): string | undefined {
  const responses = DOCUMENT.paths[template]?.[method]?.responses ?? {};
  const response = responses[String(status)];
  const where = `${method.toUpperCase()} ${template}`;
  if (!response) return `${where} answered ${status}, which the document does not list (${Object.keys(responses).join(', ')})`;
  const codes = response.content?.[PROBLEM]?.schema?.allOf?.[1]?.properties?.code?.enum;
  const code = (body as { code?: unknown } | undefined)?.code;
  if (codes && !codes.includes(String(code))) return `${where} answered ${status} ${String(code)}, not among its documented codes (${codes.join(', ')})`;
  return undefined;
}
