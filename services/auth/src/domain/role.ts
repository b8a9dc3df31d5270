/** What a person may do: every account starts as a customer; admins promote. */
export const ROLES = ['customer', 'organizer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** The role named by `value` (exact, lower case), or undefined when it names none. */
export function parseRole(value: string): Role | undefined {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : undefined;
}
