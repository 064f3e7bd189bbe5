import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { DomainException, domainError } from '@o2c/kernel';
import { verifyLog, type AuditSql, type LogVerificationReport } from './verify-log';
import { VerifyLogQuery } from './verify-log.query';

/** The tamper-evident log is kept by the PostgreSQL adapter, which offers read-only SQL for this (PostgresEventStore.auditQuery). */
interface AuditableStore {
  auditQuery<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
}

const auditable = (store: EventStore): store is EventStore & AuditableStore => typeof (store as Partial<AuditableStore>).auditQuery === 'function';

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<LogVerificationReport> {
    const store = this.store;
    if (!auditable(store)) {
      throw new DomainException(domainError('unavailable', 'audit.log_not_verifiable', 'the tamper-evident log is kept by the PostgreSQL event store only'));
    }
    const sql: AuditSql = (text, params) => store.auditQuery(text, params);
    // O2C_AUDIT_KEY (configuration): with it, checkpoint signatures are checked too.
    return verifyLog(sql, { key: process.env.O2C_AUDIT_KEY || undefined });
  }
}
