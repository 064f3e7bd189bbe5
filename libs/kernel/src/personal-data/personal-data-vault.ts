import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainException, domainError } from '../errors/domain-error';

/**
 * Crypto-shredding (GDPR erasure that keeps history): personal fields are
 * stored sealed with their data subject's own AES-256-GCM key, kept in
 * PostgreSQL apart from the event store. Events, Kafka messages, read models
 * and outboxes carry only the sealed text; it is opened at the edges (HTTP
 * responses, a reminder being sent, a claim file being written). Erasing a
 * subject deletes its key: every copy of its data reads as `[erased]`, while
 * the stored events, their hash chain and every balance stay exactly as they were.
 *
 * A sealed value is one string, so the types that carry it do not change:
 * `pii1.<base64url(subjectId)>.<base64url(iv | tag | ciphertext)>`, the subject
 * id bound as additional authenticated data.
 */
export const ERASED = '[erased]';
const PREFIX = 'pii1.';
const SEALED = /^pii1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

export const isSealed = (value: unknown): value is string => typeof value === 'string' && SEALED.test(value);

/** The subject a sealed value belongs to, or undefined for a plain value. */
export function subjectOfSealed(value: string): string | undefined {
  const match = SEALED.exec(value);
  return match ? Buffer.from(match[1], 'base64url').toString('utf8') : undefined;
}

export function sealWithKey(subjectId: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subjectId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${Buffer.from(subjectId, 'utf8').toString('base64url')}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function openWithKey(sealed: string, key: Buffer): string {
  const match = SEALED.exec(sealed);
  if (!match) return sealed;
  const subjectId = Buffer.from(match[1], 'base64url').toString('utf8');
  const bytes = Buffer.from(match[2], 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(subjectId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** Every sealed string in a JSON-like value. */
function collectSubjects(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    const subject = isSealed(value) ? subjectOfSealed(value) : undefined;
    if (subject) into.add(subject);
  } else if (Array.isArray(value)) for (const item of value) collectSubjects(item, into);
  else if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) for (const item of Object.values(value)) collectSubjects(item, into);
}

function replaceSealed(value: unknown, open: (sealed: string) => string): unknown {
  if (typeof value === 'string') return isSealed(value) ? open(value) : value;
  if (Array.isArray(value)) return value.map((item) => replaceSealed(item, open));
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSealed(v, open)]));
  }
  return value;
}

const erasedError = (subjectId: string): DomainException =>
  new DomainException(domainError('conflict', 'personal_data.subject_erased', `data subject "${subjectId}" was erased: no new personal data is recorded for it`, { field: 'subjectId' }));

export interface ErasureRecord {
  readonly subjectId: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly reason: string;
}

export class PersonalDataVault {
  private migrated: Promise<void> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  private migrate(): Promise<void> {
    this.migrated ??= this.dataSource
      .transaction(async (manager: EntityManager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_pii.migrate'))`);
        await manager.query(`CREATE SCHEMA IF NOT EXISTS o2c_pii`);
        await manager.query(`CREATE TABLE IF NOT EXISTS o2c_pii.subject_keys (subject_id text PRIMARY KEY, key bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
        // What was erased, when, by whom and why: no personal data, kept for auditors.
        await manager.query(`CREATE TABLE IF NOT EXISTS o2c_pii.erasures (subject_id text PRIMARY KEY, erased_at timestamptz NOT NULL, erased_by text NOT NULL, reason text NOT NULL)`);
      })
      .catch((error: unknown) => {
        this.migrated = undefined;
        throw error;
      });
    return this.migrated;
  }

  /** Seals each value with its subject's key, creating the key on first use; an erased subject gets no new data. */
  async seal(subjectId: string, values: readonly string[]): Promise<string[]> {
    const [sealed] = await this.sealAll([{ subjectId, values }]);
    return sealed;
  }

  /**
   * `seal` for several subjects at once, in one statement (one round trip and one commit however many values): each
   * subject's key is created on first use; if any subject was erased nothing is created and the erasure is refused.
   */
  async sealAll(requests: readonly { readonly subjectId: string; readonly values: readonly string[] }[]): Promise<string[][]> {
    const subjects = [...new Set(requests.map((r) => r.subjectId))];
    if (subjects.length === 0) return [];
    await this.migrate();
    // The key rows selected see the statement's snapshot, from before its own INSERT: a created key comes back from
    // RETURNING, an older one from the SELECT; one created meanwhile by another transaction from neither (read below).
    const rows = (await this.dataSource.query(
      `WITH erased AS (SELECT subject_id FROM o2c_pii.erasures WHERE subject_id = ANY($1::text[])),
       created AS (
         INSERT INTO o2c_pii.subject_keys (subject_id, key)
         SELECT subject_id, key FROM unnest($1::text[], $2::bytea[]) AS wanted(subject_id, key) WHERE NOT EXISTS (SELECT 1 FROM erased)
         ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, key)
       SELECT subject_id, key, false AS erased FROM created
       UNION ALL SELECT subject_id, key, false FROM o2c_pii.subject_keys WHERE subject_id = ANY($1::text[])
       UNION ALL SELECT subject_id, NULL, true FROM erased`,
      [subjects, subjects.map(() => randomBytes(32))],
    )) as { subject_id: string; key: Buffer | null; erased: boolean }[];
    const erased = subjects.find((subject) => rows.some((r) => r.erased && r.subject_id === subject));
    if (erased !== undefined) throw erasedError(erased);
    const keys = new Map(rows.map((r) => [r.subject_id, r.key!]));
    const missing = subjects.filter((subject) => !keys.has(subject));
    if (missing.length > 0) {
      const late = (await this.dataSource.query(`SELECT subject_id, key FROM o2c_pii.subject_keys WHERE subject_id = ANY($1::text[])`, [missing])) as { subject_id: string; key: Buffer }[];
      for (const r of late) keys.set(r.subject_id, r.key);
      // Created and deleted again between the two reads: erased meanwhile.
      const gone = missing.find((subject) => !keys.has(subject));
      if (gone !== undefined) throw erasedError(gone);
    }
    return requests.map(({ subjectId, values }) => values.map((value) => sealWithKey(subjectId, keys.get(subjectId)!, value)));
  }

  /** A copy of a JSON-like value with every sealed string opened, or `[erased]` where its subject's key is gone. One query. */
  async open<T>(value: T): Promise<T> {
    const subjects = new Set<string>();
    collectSubjects(value, subjects);
    if (subjects.size === 0) return value;
    await this.migrate();
    const rows = (await this.dataSource.query(`SELECT subject_id, key FROM o2c_pii.subject_keys WHERE subject_id = ANY($1)`, [[...subjects]])) as { subject_id: string; key: Buffer }[];
    const keys = new Map(rows.map((r) => [r.subject_id, r.key]));
    return replaceSealed(value, (sealed) => {
      const key = keys.get(subjectOfSealed(sealed)!);
      return key ? openWithKey(sealed, key) : ERASED;
    }) as T;
  }

  /** Deletes the subject's key (for good: no backup of it exists in o2c) and records the erasure. Erasing twice is a no-op. */
  async erase(subjectId: string, erasedBy: string, reason: string, now: Date): Promise<ErasureRecord> {
    if (!subjectId.trim()) throw new DomainException(domainError('validation', 'personal_data.subject_required', 'subjectId is required', { field: 'subjectId' }));
    if (!reason.trim()) throw new DomainException(domainError('validation', 'personal_data.reason_required', 'an erasure needs a reason', { field: 'reason' }));
    await this.migrate();
    return this.dataSource.transaction(async (manager) => {
      const known = await manager.query(`SELECT 1 FROM o2c_pii.subject_keys WHERE subject_id = $1 UNION ALL SELECT 1 FROM o2c_pii.erasures WHERE subject_id = $1`, [subjectId]);
      if (known.length === 0) throw new DomainException(domainError('not_found', 'personal_data.subject_unknown', `no personal data is recorded for data subject "${subjectId}"`, { field: 'subjectId' }));
      await manager.query(`INSERT INTO o2c_pii.erasures (subject_id, erased_at, erased_by, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (subject_id) DO NOTHING`, [subjectId, now, erasedBy, reason]);
      await manager.query(`DELETE FROM o2c_pii.subject_keys WHERE subject_id = $1`, [subjectId]);
      const [row] = (await manager.query(`SELECT subject_id, erased_at, erased_by, reason FROM o2c_pii.erasures WHERE subject_id = $1`, [subjectId])) as { subject_id: string; erased_at: Date; erased_by: string; reason: string }[];
      return { subjectId: row.subject_id, erasedAt: row.erased_at.toISOString(), erasedBy: row.erased_by, reason: row.reason };
    });
  }

  /** Subjects whose id starts with a prefix (e.g. every subject of an account), with their state. */
  async subjects(prefix: string): Promise<{ subjectId: string; state: 'held' | 'erased' }[]> {
    await this.migrate();
    const rows = (await this.dataSource.query(
      `SELECT subject_id, 'held' AS state FROM o2c_pii.subject_keys WHERE starts_with(subject_id, $1)
       UNION ALL SELECT subject_id, 'erased' FROM o2c_pii.erasures WHERE starts_with(subject_id, $1) ORDER BY 1`,
      [prefix],
    )) as { subject_id: string; state: 'held' | 'erased' }[];
    return rows.map((r) => ({ subjectId: r.subject_id, state: r.state }));
  }
}
