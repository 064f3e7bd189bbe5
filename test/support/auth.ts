import type { INestApplication } from '@nestjs/common';
import { authConfig, signToken, type AuthConfig, type Role } from '@o2c/kernel';
import { createHttpApp } from '../../apps/o2c/src/http-app';
import type { AppOptions } from '../../apps/o2c/src/app.module';

/** The one secret every test app verifies tokens with (never used outside tests). */
export const TEST_AUTH_SECRET = 'o2c-test-only-secret-not-for-deployments-0001';
export const testAuth: AuthConfig = authConfig(TEST_AUTH_SECRET);
/** For apps and scripts a test starts as OS processes: they verify with the same secret. */
export const TEST_AUTH_ENV = { O2C_AUTH_SECRET: TEST_AUTH_SECRET } as const;

const tokens = new Map<string, Promise<string>>();

/** A token for `subject` (default `<role>-1`, so the actor is `user:<role>-1`) with these roles, valid 8 hours. */
export function tokenFor(role: Role | readonly Role[], subject?: string): Promise<string> {
  const roles = typeof role === 'string' ? [role] : [...role];
  const sub = subject ?? `${roles[0]}-1`;
  const key = `${roles.join('+')}|${sub}`;
  let token = tokens.get(key);
  if (!token) tokens.set(key, (token = signToken(testAuth, { subject: sub, roles })));
  return token;
}

/** `{ authorization: 'Bearer …' }` for a caller with this role. */
export async function authHeader(role: Role | readonly Role[], subject?: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(role, subject)}` };
}

/** The HTTP app exactly as `npm start` builds it, verifying tokens with the test secret. */
export function createTestApp(options: Omit<AppOptions, 'auth'>, logger: false | undefined = false): Promise<INestApplication> {
  return createHttpApp({ ...options, auth: testAuth }, logger);
}

/** Who calls in a test: a role (subject `<role>-1`), or a role and a subject. */
export type Caller = Role | readonly [Role, string];

export function headersOf(caller: Caller): Promise<{ authorization: string }> {
  return typeof caller === 'string' ? authHeader(caller) : authHeader(caller[0], caller[1]);
}

/**
 * Who really calls `path`, for a test's request helper: the publisher posts to
 * /ingress, the auditor reads /audit, and `otherwise` (the test's main user)
 * the rest. A test names another caller where it matters.
 */
export function callerFor(path: string, otherwise: Caller): Caller {
  if (path.startsWith('/ingress/')) return 'publisher';
  if (path.startsWith('/audit/')) return 'auditor';
  return otherwise;
}
