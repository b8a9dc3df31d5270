import { ROLES, type Role } from '@ticres/shared';

export { ROLES, type Role };

/** The role named by `value` (exact, lower case), or undefined when it names none. */
export function parseRole(value: string): Role | undefined {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : undefined;
}
