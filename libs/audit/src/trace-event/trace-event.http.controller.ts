import { Controller, Get, Inject, Param, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { DomainException, domainError, Roles } from '@o2c/kernel';
import { auditSqlOf } from '../presentation/audit-sql';
import { isEventId, traceEvent, type TraceReport } from './trace-event';

export class TraceRequest {
  @ApiPropertyOptional({ description: 'most events listed in caused and in correlation.events', default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(10_000)
  limit?: number;
}

@ApiTags('audit')
@Controller('audit/events')
export class TraceEventHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':eventId/trace')
  @Roles('auditor')
  @ApiParam({ name: 'eventId', description: "a stored event's id (UUID)" })
  @ApiOperation({
    summary: 'Who did what, when and why: the chain of messages that caused an event (up through causationId), everything it caused (down), and its whole correlation',
  })
  async trace(@Param('eventId') eventId: string, @QueryParams() request: TraceRequest): Promise<TraceReport> {
    if (!isEventId(eventId)) throw new DomainException(domainError('validation', 'audit.bad_event_id', 'eventId must be a UUID', { field: 'eventId' }));
    const report = await traceEvent(auditSqlOf(this.store, 'the trace'), eventId, { limit: request.limit });
    if (!report) throw new DomainException(domainError('not_found', 'audit.event_unknown', `no stored event has id "${eventId}"`, { field: 'eventId' }));
    return report;
  }
}
