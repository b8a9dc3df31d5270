import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './generated/api';

/**
 * A typed client of the TicRes HTTP API. Its types are generated from openapi.json (the document
 * the gateway serves at /openapi.json) by `pnpm --filter @ticres/client run generate`, so a path,
 * a body or a field the document does not have is a compile error.
 */

export type { components, operations, paths };

/** The named schemas of the document: `Schemas['Booking']`, `Schemas['HoldSeatsRequest']`, ... */
export type Schemas = components['schemas'];

/** An RFC 9457 problem, as every error of the API is answered. */
export type Problem = Schemas['Problem'];

/** Every machine `code` a problem can carry. */
export type ErrorCode = Problem['code'];

export type TicresClient = Client<paths, 'application/json'>;

/** A client of the API at `baseUrl` (e.g. http://127.0.0.1:8080), on the global `fetch` unless given one. */
export function createTicresClient(options: ClientOptions & { baseUrl: string }): TicresClient {
  return createClient<paths, 'application/json'>(options);
}

/** The `Authorization` header of a request made with `token`. */
export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });
