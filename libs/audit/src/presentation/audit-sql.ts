import type { EventStore } from '@o2c/event-store';
import { DomainException, domainError } from '@o2c/kernel';
import type { AuditSql } from '../verify-log/verify-log';

/** The PostgreSQL adapter offers read-only SQL for auditors (PostgresEventStore.auditQuery); other stores do not. */
interface AuditableStore {
  auditQuery<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** Read-only SQL on the event store's database, or a 503 naming what needs PostgreSQL. */
export function auditSqlOf(store: EventStore, what: string): AuditSql {
  const auditable = store as EventStore & Partial<AuditableStore>;
  if (typeof auditable.auditQuery !== 'function') {
    throw new DomainException(domainError('unavailable', 'audit.needs_postgresql', `${what} is served by the PostgreSQL event store only`));
  }
  return (text, params) => auditable.auditQuery!(text, params);
}
