import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { allowedRoles } from './roles';
import { authConfig, authSecretFromEnv, signToken, TokenRefused, VerifiedTokens, verifyToken } from './token';

describe('bearer tokens', () => {
  const config = authConfig('a-secret-of-at-least-thirty-two-bytes!!');

  it('carries the subject as the actor and the roles', async () => {
    const token = await signToken(config, { subject: 'alice', roles: ['collector', 'dispute_handler'] });
    const principal = await verifyToken(config, token);
    expect(principal).toEqual({ subject: 'alice', actor: 'user:alice', roles: ['collector', 'dispute_handler'], tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/), issuedAt: expect.any(Date) });
    expect(Math.abs(principal.issuedAt.getTime() - Date.now())).toBeLessThan(60_000);
    // Every token has its own id, so one can be revoked alone.
    expect((await verifyToken(config, await signToken(config, { subject: 'alice', roles: ['collector'] }))).tokenId).not.toBe(principal.tokenId);
    expect((await verifyToken(config, await signToken(config, { subject: 'svc:oms', roles: ['publisher'] }))).actor).toBe('svc:oms');
  });

  it('refuses another secret, an expired token, a token without a known role', async () => {
    const other = authConfig('another-secret-of-at-least-thirty-two-bytes');
    await expect(verifyToken(config, await signToken(other, { subject: 'alice', roles: ['admin'] }))).rejects.toThrow(new TokenRefused('the token signature does not verify'));
    await expect(verifyToken(config, await signToken(config, { subject: 'alice', roles: ['admin'], expiresIn: -1 }))).rejects.toThrow(new TokenRefused('the token has expired'));
    await expect(verifyToken(config, 'not.a.token')).rejects.toThrow(TokenRefused);
    const withoutId = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuer('o2c').setAudience('o2c').setIssuedAt().setExpirationTime('1h').sign(config.secret);
    await expect(verifyToken(config, withoutId)).rejects.toThrow(new TokenRefused("the token's jti claim is not accepted"));
    await expect(signToken(config, { subject: 'alice', roles: ['root' as never] })).rejects.toThrow('roles must be one or more of');
    await expect(signToken(config, { subject: 'bad actor!', roles: ['admin'] })).rejects.toThrow('subject must be');
  });

  it('verifies a token once and serves it again until it expires, never a refused one', async () => {
    const tokens = new VerifiedTokens(config, 2);
    const alice = await signToken(config, { subject: 'alice', roles: ['collector'] });
    expect(await tokens.verify(alice)).toMatchObject({ subject: 'alice', actor: 'user:alice', roles: ['collector'] });
    expect(await tokens.verify(alice)).toMatchObject({ subject: 'alice', actor: 'user:alice', roles: ['collector'] });
    const forged = await signToken(authConfig('another-secret-of-at-least-thirty-two-bytes'), { subject: 'alice', roles: ['collector'] });
    await expect(tokens.verify(forged)).rejects.toThrow(new TokenRefused('the token signature does not verify'));
    await expect(tokens.verify(forged)).rejects.toThrow(new TokenRefused('the token signature does not verify'));
    // Expires within seconds: served while valid, refused once the wall clock passes its exp. (exp is in whole
    // seconds, floor(now) + expiresIn: with 1 it could fall due within a millisecond of signing, on a busy machine
    // before the first verify; 3 leaves at least two seconds.)
    const brief = await signToken(config, { subject: 'bob', roles: ['analyst'], expiresIn: 3 });
    expect((await tokens.verify(brief)).subject).toBe('bob');
    await new Promise((resolve) => setTimeout(resolve, 4_100));
    await expect(tokens.verify(brief)).rejects.toThrow(new TokenRefused('the token has expired'));
    await expect(tokens.verify(alice)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => authConfig('short')).toThrow('at least 32 bytes');
  });

  it('creates the demo secret file once (mode 600) and reads the same secret after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'o2c-auth-'));
    try {
      const env = { O2C_AUTH_SECRET_FILE: join(dir, 'nested', 'auth-secret') };
      expect(() => authSecretFromEnv(env)).toThrow('no O2C_AUTH_SECRET');
      const first = authSecretFromEnv(env, { create: true });
      expect(first.source).toEqual({ file: env.O2C_AUTH_SECRET_FILE, created: true });
      expect(statSync(env.O2C_AUTH_SECRET_FILE).mode & 0o777).toBe(0o600);
      const again = authSecretFromEnv(env);
      expect(again.source).toEqual({ file: env.O2C_AUTH_SECRET_FILE, created: false });
      expect(await verifyToken(again.config, await signToken(first.config, { subject: 'alice', roles: ['analyst'] }))).toMatchObject({ roles: ['analyst'] });
      expect(readFileSync(env.O2C_AUTH_SECRET_FILE, 'utf8').trim().length).toBeGreaterThanOrEqual(43);
      expect(authSecretFromEnv({ ...env, O2C_AUTH_SECRET: 'x'.repeat(32) }).source).toBe('env');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('allowedRoles', () => {
  it('adds admin everywhere, analyst and auditor on reads only', () => {
    expect(allowedRoles(['collector'], 'POST')).toEqual(['collector', 'admin']);
    expect(allowedRoles(['collector'], 'GET')).toEqual(['collector', 'analyst', 'auditor', 'admin']);
  });
});
