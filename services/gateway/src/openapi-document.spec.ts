import { readFileSync } from 'node:fs';
import { buildOpenapiDocument, type OpenapiDocument } from './openapi-document';

interface Media {
  schema: { $ref?: string; allOf?: { $ref?: string; properties?: { code?: { enum?: string[] } } }[] };
  example?: unknown;
  examples?: Record<string, unknown>;
}
interface Operation {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
}

const PROBLEM = 'application/problem+json';

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, operation })),
  );

/** The example a tool shows for a body: on the media type, or on the named schema it points at. */
function hasExample(document: Document, media: Media): boolean {
  if (media.example !== undefined || media.examples !== undefined) return true;
  const name = media.schema.$ref?.replace('#/components/schemas/', '');
  return name !== undefined && document.components.schemas[name]?.example !== undefined;
}

describe('the OpenAPI document', () => {
  let built: OpenapiDocument;
  let document: Document;
  beforeAll(async () => {
    built = await buildOpenapiDocument();
    document = built as unknown as Document;
  });

  it('is the one clients generate from (packages/client/openapi.json); `pnpm --filter @ticres/gateway run openapi` rewrites it', () => {
    const file = readFileSync(require.resolve('@ticres/client/openapi.json'), 'utf8');
    expect(JSON.parse(file)).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it('names every operation, once', () => {
    const operations = operationsOf(document);
    const unnamed = operations.filter(({ operation }) => !operation.operationId).map(({ name }) => name);
    expect(unnamed).toEqual([]);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the error responses of every API operation, each problem with the codes it can carry and an example of each', () => {
    for (const { name, path, operation } of operationsOf(document).filter(({ path }) => path.startsWith('/api/'))) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      expect({ name, clientErrors: errors.some(([status]) => Number(status) < 500) }).toEqual({ name, clientErrors: true });
      for (const [status, response] of errors) {
        const media = response.content?.[PROBLEM];
        const codes = media?.schema.allOf?.[1]?.properties?.code?.enum ?? [];
        expect({ path, status, hasCodes: codes.length > 0 }).toEqual({ path, status, hasCodes: true });
        expect(Object.keys(media?.examples ?? {})).toEqual(codes);
      }
    }
  });

  it('asks for a token exactly where a 401 UNAUTHENTICATED can come, and says `security: []` elsewhere', () => {
    for (const { name, operation } of operationsOf(document)) {
      const codes401 = operation.responses['401']?.content?.[PROBLEM]?.schema.allOf?.[1]?.properties?.code?.enum ?? [];
      const needsToken = operation.security?.length === 1;
      expect({ name, security: operation.security !== undefined, needsToken }).toEqual({
        name,
        security: true,
        needsToken: codes401.includes('UNAUTHENTICATED'),
      });
    }
  });

  it('has an example for every request and response body', () => {
    for (const { name, operation } of operationsOf(document)) {
      const bodies = [
        ...Object.values(operation.requestBody?.content ?? {}),
        ...Object.values(operation.responses).flatMap((response) => Object.values(response.content ?? {})),
      ];
      const missing = bodies.filter((media) => !hasExample(document, media));
      expect({ name, missing: missing.length }).toEqual({ name, missing: 0 });
    }
  });

  it('names every body: requests and successes point at components.schemas', () => {
    for (const { name, operation } of operationsOf(document).filter(({ path }) => path.startsWith('/api/'))) {
      const json = [
        operation.requestBody?.content['application/json'],
        ...Object.values(operation.responses).map((response) => response.content?.['application/json']),
      ].filter((media): media is Media => media !== undefined);
      for (const media of json) expect({ name, ref: media.schema.$ref?.startsWith('#/components/schemas/') }).toEqual({ name, ref: true });
    }
  });
});
