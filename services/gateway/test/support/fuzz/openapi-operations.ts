import type { JsonSchema } from './schema-values';

interface OpenApiParameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Parameter {
  name: string;
  schema: JsonSchema;
}

/** One route and method of the gateway, as its OpenAPI document describes it. */
export interface Operation {
  /** `POST /api/v1/bookings`, for messages. */
  label: string;
  method: string;
  /** With `{name}` placeholders. */
  path: string;
  pathParameters: string[];
  query: Parameter[];
  headers: Parameter[];
  body: JsonSchema | undefined;
  /** 5xx statuses the document lists for the operation (`/readyz`'s 503 when a dependency is down). */
  serverErrors: number[];
}

/** Every operation of the gateway's own `/openapi.json`, so that a new route is fuzzed without anyone listing it. */
export async function fetchOperations(baseUrl: string): Promise<Operation[]> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json: ${res.status}`);
  const document = (await res.json()) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const ofKind = (kind: OpenApiParameter['in']) => parameters.filter((p) => p.in === kind).map(({ name, schema }) => ({ name, schema }));
      return {
        label: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParameters: ofKind('path').map((p) => p.name),
        query: ofKind('query'),
        headers: ofKind('header'),
        body: operation.requestBody?.content['application/json']?.schema,
        serverErrors: Object.keys(operation.responses ?? {})
          .map(Number)
          .filter((status) => status >= 500),
      };
    }),
  );
}
