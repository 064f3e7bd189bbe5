import type { INestApplication } from '@nestjs/common';
import { ManualClock, signToken, type Role } from '@o2c/kernel';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { createTestApp, testAuth } from '../support/auth';
import { createTestDatabase } from '../support/database';

/** Token revocation (issue 8) on real PostgreSQL: by id, by subject, audited, kept across restarts, honoured by another process's app. */
describe('token revocation: POST/GET /auth/revocations', () => {
  let databaseUrl: string;
  let app: INestApplication;
  let base: string;
  let db: Client;
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const start = async (revocationCacheMs?: number): Promise<{ app: INestApplication; base: string }> => {
    const started = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [], revocationCacheMs });
    await started.listen(0, '127.0.0.1');
    return { app: started, base: (await started.getUrl()).replace('[::1]', '127.0.0.1') };
  };
  const token = (subject: string, roles: Role[] = ['collector']) => signToken(testAuth, { subject, roles });
  /** A token issued `secondsAgo` before now, as one signed earlier would be. */
  const issuedAgo = (subject: string, secondsAgo: number) =>
    new SignJWT({ roles: ['collector'] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(subject).setIssuer('o2c').setAudience('o2c')
      .setJti(`old-${subject}-${secondsAgo}`).setIssuedAt(Math.floor(Date.now() / 1000) - secondsAgo).setExpirationTime('1h').sign(testAuth.secret);
  const call = async (at: string, method: string, path: string, bearer: string, body?: unknown) => {
    const response = await fetch(`${at}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const probe = (at: string, bearer: string) => call(at, 'GET', '/clock', bearer);
  const jtiOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as { jti: string }).jti;
  const rows = async () => (await db.query(`SELECT id, kind, jti, subject, issued_before, revoked_at, revoked_by, reason FROM o2c_auth.token_revocations ORDER BY id`)).rows;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('revocations');
    ({ app, base } = await start());
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('revokes one token by its jti: 401 auth.token_revoked naming why; the subject\'s other tokens still work; the record says who, when, why', async () => {
    const admin = await token('root', ['admin']);
    const leaked = await token('alice');
    const other = await token('alice');
    expect((await probe(base, leaked)).status).toBe(200);

    const revoked = await call(base, 'POST', '/auth/revocations', admin, { jti: jtiOf(leaked), reason: 'pasted in ticket #4521' });
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ kind: 'token', jti: jtiOf(leaked), subject: null, revokedBy: 'user:root', reason: 'pasted in ticket #4521' });

    const refused = await probe(base, leaked);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'auth.token_revoked', message: expect.stringContaining(`this token (jti ${jtiOf(leaked)}) was revoked at`) });
    expect((await probe(base, other)).status).toBe(200);
    expect((await probe(base, await token('bob'))).status).toBe(200);

    // Revoking the same token again returns the first record and adds no row.
    const again = await call(base, 'POST', '/auth/revocations', admin, { jti: jtiOf(leaked), reason: 'again' });
    expect(again.body).toEqual(revoked.body);
    expect((await rows()).filter((r) => r.jti === jtiOf(leaked))).toHaveLength(1);
  });

  it('revokes every token of a subject issued up to an instant (default now); later tokens and other subjects pass', async () => {
    const admin = await token('root', ['admin']);
    const old = await issuedAgo('carol', 120);
    const recent = await issuedAgo('carol', 10);
    const dave = await issuedAgo('dave', 120);
    const byInstant = await call(base, 'POST', '/auth/revocations', admin, { subject: 'carol', issuedBefore: new Date(Date.now() - 60_000).toISOString(), reason: 'laptop stolen' });
    expect(byInstant.status).toBe(201);
    expect(byInstant.body).toMatchObject({ kind: 'subject', subject: 'carol', jti: null, revokedBy: 'user:root' });
    expect((await probe(base, old)).body.error).toMatchObject({ code: 'auth.token_revoked', message: expect.stringContaining('every token of user:carol issued up to') });
    expect((await probe(base, recent)).status).toBe(200);
    expect((await probe(base, dave)).status).toBe(200);

    // Without issuedBefore: every token of the subject issued until now, including recent ones.
    expect((await call(base, 'POST', '/auth/revocations', admin, { subject: 'carol', reason: 'left the company' })).status).toBe(201);
    expect((await probe(base, recent)).status).toBe(401);
    expect((await probe(base, dave)).status).toBe(200);
  });

  it('refuses bad input with a 400 naming what is wrong, and records nothing', async () => {
    const admin = await token('root', ['admin']);
    const before = await rows();
    const cases: [unknown, string][] = [
      [{ reason: 'no target' }, 'jti'],
      [{ jti: 'x', subject: 'alice', reason: 'both' }, 'subject'],
      [{ jti: 'x' }, 'reason'],
      [{ jti: 'x', reason: '   ' }, 'reason'],
      [{ jti: 'has spaces', reason: 'r' }, 'jti'],
      [{ subject: 'bad actor!', reason: 'r' }, 'subject'],
      [{ subject: 'alice', issuedBefore: new Date(Date.now() + 3_600_000).toISOString(), reason: 'future' }, 'issuedBefore'],
      [{ subject: 'alice', issuedBefore: 'yesterday', reason: 'r' }, 'issuedBefore'],
      [{ jti: 'x', issuedBefore: '2026-01-01T00:00:00Z', reason: 'issuedBefore without subject' }, 'subject'],
    ];
    for (const [body, field] of cases) {
      const answer = await call(base, 'POST', '/auth/revocations', admin, body);
      expect({ body, status: answer.status, mentions: JSON.stringify(answer.body.error).includes(field) }).toEqual({ body, status: 400, mentions: true });
    }
    expect(await rows()).toEqual(before);
  });

  it('is for admins: other roles get 403 and change nothing; auditors and admins list every revocation with who, when and why', async () => {
    const before = await rows();
    for (const role of ['publisher', 'collector', 'credit_manager', 'dispute_handler', 'analyst', 'auditor'] as const) {
      const answer = await call(base, 'POST', '/auth/revocations', await token(`${role}-x`, [role]), { subject: 'alice', reason: 'not mine to do' });
      expect({ role, status: answer.status, code: answer.body.error?.code }).toEqual({ role, status: 403, code: 'auth.forbidden' });
    }
    for (const role of ['publisher', 'collector', 'credit_manager', 'dispute_handler'] as const) {
      expect({ role, status: (await call(base, 'GET', '/auth/revocations', await token(`${role}-x`, [role]))).status }).toEqual({ role, status: 403 });
    }
    expect(await rows()).toEqual(before);
    const listed = await call(base, 'GET', '/auth/revocations', await token('audrey', ['auditor']));
    expect(listed.status).toBe(200);
    expect(listed.body.revocations).toHaveLength(before.length);
    expect(listed.body.revocations[0]).toMatchObject({ id: String(before[before.length - 1].id), revokedBy: 'user:root', reason: 'left the company', revokedAt: expect.any(String) });
  });

  it('keeps revocations across a restart, and another process revoking is honoured (cache 0: at once)', async () => {
    const admin = await token('root', ['admin']);
    const leaked = await token('erin');
    const listedBefore = (await call(base, 'GET', '/auth/revocations', admin)).body.revocations as unknown[];
    await call(base, 'POST', '/auth/revocations', admin, { jti: jtiOf(leaked), reason: 'before restart' });
    await app.close();
    ({ app, base } = await start());
    expect((await probe(base, leaked)).body.error).toMatchObject({ code: 'auth.token_revoked' });
    expect((await call(base, 'GET', '/auth/revocations', admin)).body.revocations).toHaveLength(listedBefore.length + 1);

    // A second process on the same database (its own pool and cache) revokes; this one reads the table on every request.
    const other = await start(0);
    try {
      const frank = await token('frank');
      const mine = await start(0);
      try {
        expect((await probe(mine.base, frank)).status).toBe(200);
        expect((await call(other.base, 'POST', '/auth/revocations', admin, { subject: 'frank', reason: 'revoked elsewhere' })).status).toBe(201);
        expect((await probe(mine.base, frank)).body.error).toMatchObject({ code: 'auth.token_revoked' });
      } finally {
        await mine.app.close();
      }
    } finally {
      await other.app.close();
    }
  }, 120_000);
});
