import { Readable } from 'node:stream';
import { Controller, Get, Inject, Query as QueryParams, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { Roles } from '@o2c/kernel';
import { auditSqlOf } from '../presentation/audit-sql';
import { ExportEventsRequest } from './export-events.dto';
import { exportNdjson, type ExportRange } from './export-events';

export function exportRange(request: ExportEventsRequest): ExportRange {
  return {
    streamPrefix: request.streamPrefix || undefined,
    fromPosition: request.fromPosition === undefined ? undefined : BigInt(request.fromPosition),
    toPosition: request.toPosition === undefined ? undefined : BigInt(request.toPosition),
    fromRecordedAt: request.from === undefined ? undefined : new Date(request.from),
    toRecordedAt: request.to === undefined ? undefined : new Date(request.to),
  };
}

@ApiTags('audit')
@Controller('audit/export')
export class ExportEventsHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Roles('auditor')
  @ApiProduces('application/x-ndjson')
  @ApiOperation({
    summary: 'Export events as newline-delimited JSON, streamed: a category (stream prefix) or all, a range of positions and/or recordedAt instants',
    description:
      'One event per line in position order: position, streamName, revision, id, type, schemaVersion, recordedAt (µs, UTC), data, metadata, hash, streamHash; positions and revisions as decimal strings.',
  })
  export(@QueryParams() request: ExportEventsRequest): StreamableFile {
    const sql = auditSqlOf(this.store, 'the event export');
    return new StreamableFile(Readable.from(exportNdjson(sql, exportRange(request))), { type: 'application/x-ndjson' });
  }
}
