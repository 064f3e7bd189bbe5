import { randomBytes } from 'node:crypto';
import { authConfig, signToken } from '@o2c/kernel';

/** A fresh secret per bench run: the bench's app verifies with it, and the bench calls as `svc:bench` with every right (admin). */
export const benchAuth = authConfig(randomBytes(32));

export async function benchAuthorization(): Promise<string> {
  return `Bearer ${await signToken(benchAuth, { subject: 'svc:bench', roles: ['admin'], expiresIn: '7d' })}`;
}
