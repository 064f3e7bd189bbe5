/**
 * The roles of o2c's users (issue 8). Each endpoint declares the roles of the
 * people who do that work (`@Roles(...)`); on top of what it declares:
 * - `admin` may call every endpoint;
 * - `analyst` and `auditor` may call every read (GET/HEAD): analysts read and
 *   replay, auditors read everything and change nothing.
 */
export const ROLES = ['publisher', 'collector', 'credit_manager', 'dispute_handler', 'analyst', 'auditor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Every role that may call an endpoint declaring `declared`, for this HTTP method. */
export function allowedRoles(declared: readonly Role[], method: string): Role[] {
  const allowed = new Set<Role>(declared);
  allowed.add('admin');
  if (READ_METHODS.has(method.toUpperCase())) {
    allowed.add('analyst');
    allowed.add('auditor');
  }
  return ROLES.filter((role) => allowed.has(role));
}
