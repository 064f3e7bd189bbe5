import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ErasePersonalDataHttpController } from './erase-personal-data/erase-personal-data.http.controller';
import { ExportEventsHttpController } from './export-events/export-events.http.controller';
import { ListStreamsHandler } from './list-streams/list-streams.handler';
import { ListStreamsHttpController } from './list-streams/list-streams.http.controller';
import { ReadAllHandler } from './read-all/read-all.handler';
import { ReadAllHttpController } from './read-all/read-all.http.controller';
import { ReadStreamHandler } from './read-stream/read-stream.handler';
import { ReadStreamHttpController } from './read-stream/read-stream.http.controller';
import { TraceEventHttpController } from './trace-event/trace-event.http.controller';
import { AuditCheckpointScheduler, CHECKPOINT_SCHEDULE, checkpointScheduleFromEnv } from './verify-log/checkpoint-scheduler';
import { VerifyLogHandler } from './verify-log/verify-log.handler';
import { VerifyLogHttpController } from './verify-log/verify-log.http.controller';

/** Auditors' read API over the event store: streams by category, one stream, and $all, with full metadata; verification of the tamper-evident log; NDJSON export; causation traces. */
@Module({
  imports: [CqrsModule],
  controllers: [ListStreamsHttpController, ReadStreamHttpController, ReadAllHttpController, VerifyLogHttpController, ExportEventsHttpController, TraceEventHttpController, ErasePersonalDataHttpController],
  providers: [ListStreamsHandler, ReadStreamHandler, ReadAllHandler, VerifyLogHandler, { provide: CHECKPOINT_SCHEDULE, useFactory: () => checkpointScheduleFromEnv() }, AuditCheckpointScheduler],
})
export class AuditModule {}
