/**
 * Page-number pagination, the same on every list route: `?page=` (from 1) and `?limit=` in the
 * query, `{data: [...], meta: {total, page, limit, has_more}}` in the answer.
 */

import { PAGE_LIMITS } from '@ticres/shared/limits';
import { component, exampleOf, ref, type Component } from './components';

const DEFAULT_PAGE_SIZE = PAGE_LIMITS.defaultSize;

/** A larger `limit` is not an error: it is served as this many, and `meta.limit` says so. */
export const MAX_PAGE_SIZE = PAGE_LIMITS.maxSize;

/** The last page the services serve; it keeps `page * limit` (their OFFSET) far inside int32. */
const MAX_PAGE = PAGE_LIMITS.maxPage;

/** The query properties of a paginated route; spread them into its querystring schema. */
export const paginationQueryProperties = {
  page: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, description: 'Page number, from 1.' },
  limit: {
    type: 'integer',
    minimum: 1,
    default: DEFAULT_PAGE_SIZE,
    description: `Page size. A value above ${MAX_PAGE_SIZE} is served as ${MAX_PAGE_SIZE} (see meta.limit).`,
  },
} as const;

/** The query as validated (defaults applied by the schema). */
export interface PageQuery {
  page: number;
  limit: number;
}

/** The page to ask a service for: the caller's, with the size capped. */
export const pageRequest = ({ page, limit }: PageQuery): PageQuery => ({
  page,
  limit: Math.min(limit, MAX_PAGE_SIZE),
});

export interface PageMeta {
  total: number;
  page: number;
  limit: number;
  has_more: boolean;
}

/** `meta` of a list answer: the page that was asked for and whether another one follows. */
export const pageMeta = ({ page, limit }: PageQuery, total: number): PageMeta => ({
  total,
  page,
  limit,
  has_more: page * limit < total,
});

export const pageMetaSchema = component(
  'PageMeta',
  {
    type: 'object',
    required: ['total', 'page', 'limit', 'has_more'],
    additionalProperties: false,
    properties: {
      total: { type: 'integer', description: 'Items matching the query, on every page.' },
      page: { type: 'integer' },
      limit: { type: 'integer', description: 'The page size served (the requested one, capped).' },
      has_more: { type: 'boolean', description: 'Whether a next page has items.' },
    },
  },
  { total: 1, page: 1, limit: DEFAULT_PAGE_SIZE, has_more: false },
);

/** `{ "data": [<item>], "meta": {...} }`, the envelope of every list answer, named `<item>Page`. */
export const pageOf = (item: Component) =>
  component(
    `${item.$id}Page`,
    {
      type: 'object',
      required: ['data', 'meta'],
      additionalProperties: false,
      properties: { data: { type: 'array', items: ref(item) }, meta: ref(pageMetaSchema) },
    },
    { data: [exampleOf(item)], meta: exampleOf(pageMetaSchema) },
  );
