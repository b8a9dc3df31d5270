/**
 * Named schemas. Each becomes `components.schemas.<name>` in the OpenAPI document, and so a named
 * type in a generated client; routes point at it with `ref(...)`. The validator, the serializer and
 * the document all resolve the same registered schema (see routes/api-schemas.ts), and each carries
 * the example the document shows for it.
 */

export interface Component {
  readonly $id: string;
  readonly examples: readonly unknown[];
}

/** `schema` named `name`, with its example. */
export const component = <const Schema extends object, const Example>(name: string, schema: Schema, example: Example) =>
  ({ $id: name, ...schema, examples: [example] }) as const;

/** A pointer to a named schema, for a body, a property or an array's items. */
export const ref = (named: Component) => ({ $ref: `${named.$id}#` }) as const;

export const exampleOf = (named: Component): unknown => named.examples[0];

/** `{ "data": <item> }`, the envelope of every success body, named `<item>Response`. */
export const dataOf = (item: Component, name = `${item.$id}Response`) =>
  component(name, { type: 'object', required: ['data'], additionalProperties: false, properties: { data: ref(item) } }, { data: exampleOf(item) });

/** A 201 answer: the new resource's body, and where it can be read again in `Location`. */
export const created = (description: string, body: Component) =>
  ({
    description,
    headers: { Location: { type: 'string', description: 'The path of the new resource, e.g. /api/v1/bookings/{id}.' } },
    content: { 'application/json': { schema: ref(body) } },
  }) as const;

/** `Location` of a resource created at a route: the route's own path followed by the id. */
export const locationOf = (routePath: string, id: string): string => `${routePath}/${id}`;
