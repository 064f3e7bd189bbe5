import { Pool } from 'pg';
import { DomainException, domainError } from '../errors/domain-error';
import { actorOf, SUBJECT, type Principal } from './token';

/**
 * Revoked bearer tokens (issue 8), in PostgreSQL (`o2c_auth.token_revocations`),
 * so a revocation survives restarts and every process of a deployment reads
 * the same rows. A row is never updated nor deleted: it is the audit record of
 * who revoked what, when and why.
 *
 * Two kinds: one token by its id (`jti`), or every token of a subject issued up
 * to an instant (`iat` is in whole seconds, so a token issued in the same second
 * as `issuedBefore` is revoked too: when unsure, refuse).
 *
 * Each process keeps the revocations in memory and reloads them when they are
 * older than `cacheMs` (O2C_AUTH_REVOCATION_CACHE_MS, default 5000): a
 * revocation made in this process applies at once, one made in another process
 * within `cacheMs`. When PostgreSQL cannot be read, requests are refused (503),
 * never let through unchecked.
 */
export interface TokenRevocation {
  readonly id: string;
  readonly kind: 'token' | 'subject';
  /** The revoked token's id, for `kind: 'token'`. */
  readonly jti: string | null;
  /** The subject whose tokens are revoked, for `kind: 'subject'`. */
  readonly subject: string | null;
  /** For `kind: 'subject'`: tokens issued at or before this instant (to the second) are revoked. */
  readonly issuedBefore: string | null;
  readonly revokedAt: string;
  readonly revokedBy: string;
  readonly reason: string;
}

/** Either `jti` (one token) or `subject` with an optional `issuedBefore` (default now). */
export interface RevokeRequest {
  readonly jti?: string;
  readonly subject?: string;
  readonly issuedBefore?: Date;
  readonly reason: string;
}

export const DEFAULT_REVOCATION_CACHE_MS = 5_000;
const JTI = /^[A-Za-z0-9_.:-]{1,200}$/;

interface Row {
  id: string;
  kind: 'token' | 'subject';
  jti: string | null;
  subject: string | null;
  issued_before: Date | null;
  revoked_at: Date;
  revoked_by: string;
  reason: string;
}

const toRevocation = (r: Row): TokenRevocation => ({
  id: r.id,
  kind: r.kind,
  jti: r.jti,
  subject: r.subject,
  issuedBefore: r.issued_before?.toISOString() ?? null,
  revokedAt: r.revoked_at.toISOString(),
  revokedBy: r.revoked_by,
  reason: r.reason,
});

const invalid = (code: string, message: string, field: string) => new DomainException(domainError('validation', code, message, { field }));

interface Snapshot {
  readonly loadedAt: number;
  readonly tokens: Map<string, TokenRevocation>;
  /** Per subject, the revocation with the latest `issuedBefore`. */
  readonly subjects: Map<string, TokenRevocation>;
}

export class TokenRevocations {
  private migrated: Promise<void> | undefined;
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  /** Bumped by every revocation here, so a load begun before it is not kept as current. */
  private generation = 0;

  /**
   * `now` is the wall clock, as for token expiry: tokens carry wall-clock
   * `iat`/`exp`, and a demo's manual clock must not move what is revoked.
   */
  constructor(
    private readonly pool: Pool,
    private readonly options: { cacheMs?: number; now?: () => Date } = {},
  ) {}

  /** A revocation store on its own small pool (closed by `close()`). */
  static connect(databaseUrl: string, options: { cacheMs?: number; now?: () => Date } = {}): TokenRevocations {
    const pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 5_000 });
    // An idle client's error (a server restart) must not kill the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new TokenRevocations(pool, options);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_auth.migrate'))`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS o2c_auth`);
        await client.query(`CREATE TABLE IF NOT EXISTS o2c_auth.token_revocations (
          id bigserial PRIMARY KEY,
          kind text NOT NULL CHECK (kind IN ('token', 'subject')),
          jti text, subject text, issued_before timestamptz,
          revoked_at timestamptz NOT NULL, revoked_by text NOT NULL, reason text NOT NULL,
          CHECK ((kind = 'token' AND jti IS NOT NULL AND subject IS NULL AND issued_before IS NULL)
              OR (kind = 'subject' AND jti IS NULL AND subject IS NOT NULL AND issued_before IS NOT NULL)))`);
        await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS token_revocations_jti ON o2c_auth.token_revocations (jti) WHERE kind = 'token'`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        this.migrated = undefined;
        throw error;
      } finally {
        client.release();
      }
    })();
    return this.migrated;
  }

  /**
   * Records a revocation by `revokedBy` (an actor). Revoking a token id twice
   * returns the first record. Bad input throws a validation error and records nothing.
   */
  async revoke(request: RevokeRequest, revokedBy: string): Promise<TokenRevocation> {
    const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
    if (!reason) throw invalid('auth.revocation_reason_required', 'a revocation needs a reason (who asked, which incident)', 'reason');
    if (reason.length > 500) throw invalid('auth.revocation_reason_too_long', 'reason must be at most 500 characters', 'reason');
    const hasJti = request.jti !== undefined;
    const hasSubject = request.subject !== undefined;
    if (hasJti === hasSubject) throw invalid('auth.revocation_target', 'give either jti (one token) or subject (every token of a subject issued up to issuedBefore), not both, not neither', hasJti ? 'subject' : 'jti');
    if (hasJti && request.issuedBefore !== undefined) throw invalid('auth.revocation_target', 'issuedBefore goes with subject (every token of a subject issued up to it), not with jti', 'issuedBefore');
    const now = this.now();
    await this.migrate();
    if (request.jti !== undefined) {
      if (!JTI.test(request.jti)) throw invalid('auth.revocation_jti', 'jti must be a token id: 1-200 letters, digits or _ . : -', 'jti');
      await this.pool.query(
        `INSERT INTO o2c_auth.token_revocations (kind, jti, revoked_at, revoked_by, reason) VALUES ('token', $1, $2, $3, $4) ON CONFLICT (jti) WHERE kind = 'token' DO NOTHING`,
        [request.jti, now, revokedBy, reason],
      );
      const { rows } = await this.pool.query<Row>(`SELECT * FROM o2c_auth.token_revocations WHERE kind = 'token' AND jti = $1`, [request.jti]);
      this.forget();
      return toRevocation(rows[0]);
    }
    if (!SUBJECT.test(request.subject!)) throw invalid('auth.revocation_subject', 'subject must be a token subject: 1-200 letters, digits or _ . : @ - (e.g. alice, svc:oms)', 'subject');
    const issuedBefore = request.issuedBefore ?? now;
    if (Number.isNaN(issuedBefore.getTime())) throw invalid('auth.revocation_issued_before', 'issuedBefore must be an ISO 8601 instant', 'issuedBefore');
    // A future instant would also refuse tokens not issued yet: revoke again later instead.
    if (issuedBefore.getTime() > now.getTime()) throw invalid('auth.revocation_issued_before', `issuedBefore must not be in the future (now is ${now.toISOString()})`, 'issuedBefore');
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO o2c_auth.token_revocations (kind, subject, issued_before, revoked_at, revoked_by, reason) VALUES ('subject', $1, $2, $3, $4, $5) RETURNING *`,
      [request.subject, issuedBefore, now, revokedBy, reason],
    );
    this.forget();
    return toRevocation(rows[0]);
  }

  private forget(): void {
    this.generation++;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  /** Every revocation, newest first. */
  async list(): Promise<TokenRevocation[]> {
    await this.migrate();
    const { rows } = await this.pool.query<Row>(`SELECT * FROM o2c_auth.token_revocations ORDER BY id DESC`);
    return rows.map(toRevocation);
  }

  private async load(): Promise<Snapshot> {
    const rows = await this.list();
    const tokens = new Map<string, TokenRevocation>();
    const subjects = new Map<string, TokenRevocation>();
    for (const r of rows) {
      if (r.kind === 'token') tokens.set(r.jti!, r);
      else {
        const seen = subjects.get(r.subject!);
        if (!seen || Date.parse(seen.issuedBefore!) < Date.parse(r.issuedBefore!)) subjects.set(r.subject!, r);
      }
    }
    return { loadedAt: Date.now(), tokens, subjects };
  }

  private async current(): Promise<Snapshot> {
    const cacheMs = this.options.cacheMs ?? DEFAULT_REVOCATION_CACHE_MS;
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < cacheMs) return this.snapshot;
    const generation = this.generation;
    const loading = (this.loading ??= this.load());
    try {
      const snapshot = await loading;
      if (generation === this.generation) this.snapshot = snapshot;
      return snapshot;
    } catch (error) {
      throw new DomainException(domainError('unavailable', 'auth.revocations_unavailable', `token revocations cannot be read, so no token is accepted: ${error instanceof Error ? error.message : String(error)}`));
    } finally {
      if (this.loading === loading) this.loading = undefined;
    }
  }

  /** Why this verified token is revoked, in words for its holder, or undefined when it is not. */
  async revokedBecause(principal: Principal): Promise<string | undefined> {
    const snapshot = await this.current();
    const byId = snapshot.tokens.get(principal.tokenId);
    if (byId) return `this token (jti ${principal.tokenId}) was revoked at ${byId.revokedAt}; ask for a new one`;
    const bySubject = snapshot.subjects.get(principal.subject);
    if (bySubject && principal.issuedAt.getTime() <= Math.floor(Date.parse(bySubject.issuedBefore!) / 1000) * 1000) {
      return `every token of ${actorOf(principal.subject)} issued up to ${bySubject.issuedBefore} was revoked at ${bySubject.revokedAt}; ask for a new one`;
    }
    return undefined;
  }
}
