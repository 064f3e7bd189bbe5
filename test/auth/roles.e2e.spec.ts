import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { accountsContext } from '@o2c/accounts';
import { agencyContext } from '@o2c/agency';
import { collectionsContext } from '@o2c/collections';
import { disputesContext } from '@o2c/disputes';
import { invoicingContext } from '@o2c/invoicing';
import { allowedRoles, authConfig, ManualClock, PUBLIC_KEY, ROLES, ROLES_KEY, signToken, type Role } from '@o2c/kernel';
import { Client } from 'pg';
import { authHeader, createTestApp, testAuth, TEST_AUTH_SECRET } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { analyticsReadSide } from '../../apps/o2c/src/analytics';

interface Route {
  readonly method: string;
  /** As declared, e.g. /accounts/:accountId/credit-limit. */
  readonly path: string;
  readonly declared: readonly Role[];
  readonly isPublic: boolean;
}

/** Every route of the running app, from Nest's own discovery: a new endpoint is covered here without touching this file. */
function discoverRoutes(app: INestApplication): Route[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prefixes: string[] = [reflector.get<string | string[] | undefined>(PATH_METADATA, metatype as Type) ?? ''].flat();
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as Type;
      const requestMethod = reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
      if (requestMethod === undefined) continue;
      const targets = [handler, metatype as Type];
      const declared = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) ?? false;
      for (const prefix of prefixes) {
        for (const own of [reflector.get<string | string[] | undefined>(PATH_METADATA, handler) ?? ''].flat()) {
          const path = `/${[prefix, own].map((p: string) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          routes.push({ method: RequestMethod[requestMethod], path, declared, isPublic });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const PARAMS: Record<string, string> = { accountId: 'ACME', invoiceId: 'INV-ORD-1', orderId: 'ORD-1' };
const concrete = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, name: string) => PARAMS[name] ?? `X-${name}`);

/** The roles test: deny by default, 401 without a valid token, 403 and nothing changed for every role not allowed. */
describe('roles on every endpoint of apps/o2c as npm start hosts it (real PostgreSQL)', () => {
  let app: INestApplication;
  let base: string;
  let db: Client;
  let routes: Route[];
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const call = async (route: Route, headers: Record<string, string>) => {
    const response = await fetch(`${base}${concrete(route.path)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{}',
    });
    const text = await response.text();
    // Refusals are JSON; an allowed call may answer NDJSON or CSV.
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') && text;
    return { status: response.status, body: json ? (JSON.parse(text) as { error?: { code?: string; kind?: string } }) : {} };
  };

  /** The store's head and every row of every table outside the store (views, checkpoints, handled messages, outboxes). */
  const fingerprint = async (): Promise<string> => {
    const head = await db.query<{ head: string | null }>('SELECT max(position)::text AS head FROM o2c_es.events');
    const tables = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    const parts = [`head=${head.rows[0].head}`];
    for (const t of tables.rows) {
      const q = `"${t.schema}"."${t.name}"`;
      const { rows } = await db.query<{ n: string; digest: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${q} t`);
      parts.push(`${q}=${rows[0].n}:${rows[0].digest}`);
    }
    return parts.join('\n');
  };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('roles');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext, invoicingContext, collectionsContext, disputesContext, agencyContext], readSides: [analyticsReadSide] });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    routes = discoverRoutes(app);
    // Something in the store and the views, so "nothing changed" has rows to compare.
    const post = async (path: string, role: Role, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await authHeader(role)) }, body: JSON.stringify(body) });
    const opened = await post('/accounts', 'credit_manager', {
      accountId: 'ACME', legalName: 'Acme SAS', kind: 'b2b', segment: 'standard', siren: '552100554', currency: 'EUR', paymentTermsDays: 30,
      contacts: [{ name: 'Claire Compta', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' }],
    });
    expect(opened.status).toBe(201);
    for (let i = 0; i < 100; i++) {
      const delivered = await post('/ingress/orders', 'publisher', {
        messageId: 'oms-1', type: 'OrderDelivered',
        data: { orderId: 'ORD-1', accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-25T08:00:00Z', lines: [{ description: 'paper', quantity: 1, unitPriceMinor: 100_00, taxRateBp: 0 }] },
      });
      if (delivered.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Let the background settle (relays, consumers, projections) so only a request could change anything.
    let previous = '';
    for (let i = 0; i < 60; i++) {
      const now = await fingerprint();
      if (now === previous) break;
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('finds every endpoint, and every one but health declares its roles', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health']);
    // Token revocation is walked like every route: only admins revoke; admins and auditors (and analysts, as on every GET) list.
    expect(routes.filter((r) => r.path === '/auth/revocations').map((r) => ({ route: `${r.method} ${r.path}`, allowed: allowedRoles(r.declared, r.method) }))).toEqual([
      { route: 'GET /auth/revocations', allowed: ['analyst', 'auditor', 'admin'] },
      { route: 'POST /auth/revocations', allowed: ['admin'] },
    ]);
    expect(routes.filter((r) => !r.isPublic && r.declared.length === 0).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // Auditors only read; publishers only publish.
    for (const r of routes.filter((r) => !r.isPublic)) {
      if (r.method !== 'GET') expect({ route: `${r.method} ${r.path}`, auditor: allowedRoles(r.declared, r.method).includes('auditor') }).toMatchObject({ auditor: false });
      if (!r.path.startsWith('/ingress/') && !r.path.startsWith('/agency/claims/:claimId/')) expect({ route: `${r.method} ${r.path}`, publisher: allowedRoles(r.declared, r.method).includes('publisher') }).toMatchObject({ publisher: false });
    }
  });

  it('answers 401 without a token, with another scheme, a bad signature, an expired token or a tampered payload', async () => {
    const forged = await signToken(authConfig('another-secret-another-secret-another-secret'), { subject: 'mallory', roles: ['admin'] });
    const expired = await signToken(testAuth, { subject: 'alice', roles: ['admin'], expiresIn: -60 });
    const [header, payload] = (await signToken(testAuth, { subject: 'alice', roles: ['admin'] })).split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin', 'auditor'] })).toString('base64url')}.${'A'.repeat(43)}`;
    expect(TEST_AUTH_SECRET).not.toContain('another');
    const before = await fingerprint();
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const [what, headers] of [
        ['none', {}],
        ['not bearer', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
        ['forged', { authorization: `Bearer ${forged}` }],
        ['expired', { authorization: `Bearer ${expired}` }],
        ['tampered', { authorization: `Bearer ${tampered}` }],
      ] as const) {
        const { status, body } = await call(route, headers);
        expect({ route: `${route.method} ${route.path}`, what, status, code: body.error?.code }).toEqual({ route: `${route.method} ${route.path}`, what, status: 401, code: 'auth.unauthenticated' });
      }
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('answers 403 to every role not allowed on every endpoint, and changes nothing', async () => {
    let refused = 0;
    for (const route of routes.filter((r) => !r.isPublic)) {
      const allowed = allowedRoles(route.declared, route.method);
      const denied = ROLES.filter((role) => !allowed.includes(role));
      if (denied.length === 0) continue;
      const before = await fingerprint();
      for (const role of denied) {
        const { status, body } = await call(route, await authHeader(role));
        expect({ route: `${route.method} ${route.path}`, role, status, code: body.error?.code }).toEqual({ route: `${route.method} ${route.path}`, role, status: 403, code: 'auth.forbidden' });
        refused++;
      }
      expect({ route: `${route.method} ${route.path}`, state: await fingerprint() }).toEqual({ route: `${route.method} ${route.path}`, state: before });
    }
    expect(refused).toBeGreaterThan(150);
  });

  it("lets every allowed role through (the endpoint's own answer: 2xx, 400, 404, 409, 422, never 401 or 403)", async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const role of allowedRoles(route.declared, route.method)) {
        const { status } = await call(route, await authHeader(role));
        expect({ route: `${route.method} ${route.path}`, role, refused: status === 401 || status === 403 }).toEqual({ route: `${route.method} ${route.path}`, role, refused: false });
      }
    }
  });

  it('records the token subject as the actor of the events it causes', async () => {
    const { rows } = await db.query<{ actor: string }>(`SELECT metadata->>'actor' AS actor FROM o2c_es.events WHERE stream_name = 'account-ACME' ORDER BY position LIMIT 1`);
    expect(rows[0].actor).toBe('user:credit_manager-1');
  });

  it("documents the bearer scheme and each endpoint's roles in OpenAPI", async () => {
    const doc = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, { security?: unknown; 'x-o2c-roles'?: string[] }>> };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/accounts/{accountId}/credit-limit'].post).toMatchObject({ security: [{ bearer: [] }], 'x-o2c-roles': ['credit_manager'] });
    expect(doc.paths['/health'].get.security).toBeUndefined();
  });
});
