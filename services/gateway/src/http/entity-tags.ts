/** `W/"..."` or `"..."`; an opaque tag may hold commas, so the header is not split on them. */
const ENTITY_TAG = /(?:W\/)?"[^"]*"|\*/g;

/** The entity tags of an `If-None-Match` header (`*` included as is); none when absent. */
export function entityTagsOf(header: string | undefined): string[] {
  return header ? (header.match(ENTITY_TAG) ?? []) : [];
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** RFC 9110's weak comparison, the one `If-None-Match` uses: `*` matches any current tag. */
export function noneMatchHolds(tags: readonly string[], current: string): boolean {
  return !tags.some((tag) => tag === '*' || opaque(tag) === opaque(current));
}
