/**
 * docker compose's variable interpolation, as far as docker-compose.yml uses it: `$$` (a literal
 * `$`), `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`.
 */
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface VariableReference {
  name: string;
  /** True for `${VAR:?...}` and `${VAR?...}`: compose refuses to start without it. */
  required: boolean;
  /** True when the reference carries a default (`${VAR:-x}`). */
  defaulted: boolean;
}

/** Every variable a text refers to. */
export function variableReferences(text: string): VariableReference[] {
  return [...text.matchAll(REFERENCE)]
    .filter((match) => match[0] !== '$$')
    .map((match) => ({
      name: (match[1] ?? match[4])!,
      required: match[2]?.endsWith('?') ?? false,
      defaulted: match[2]?.endsWith('-') ?? false,
    }));
}

/** The text with every reference replaced from `variables`; an unset required one is a problem. */
export function interpolate(text: string, variables: ReadonlyMap<string, string>, problems: string[]): string {
  return text.replace(REFERENCE, (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = variables.get(name);
    const missing = operator?.startsWith(':') ? !value : value === undefined;
    if (!missing) return value!;
    if (operator?.endsWith('-')) return argument ?? '';
    if (operator?.endsWith('?')) problems.push(`${name} is required: ${argument ?? ''}`);
    return '';
  });
}

/** Applies `interpolate` to every string inside a parsed YAML tree. */
export function interpolateTree<T>(tree: T, variables: ReadonlyMap<string, string>, problems: string[]): T {
  if (typeof tree === 'string') return interpolate(tree, variables, problems) as T;
  if (Array.isArray(tree)) return tree.map((item: unknown) => interpolateTree(item, variables, problems)) as T;
  if (tree !== null && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, interpolateTree(value, variables, problems)])) as T;
  }
  return tree;
}
