import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ListStreamsHandler } from './list-streams/list-streams.handler';
import { ListStreamsHttpController } from './list-streams/list-streams.http.controller';
import { ReadAllHandler } from './read-all/read-all.handler';
import { ReadAllHttpController } from './read-all/read-all.http.controller';
import { ReadStreamHandler } from './read-stream/read-stream.handler';
import { ReadStreamHttpController } from './read-stream/read-stream.http.controller';
import { VerifyLogHandler } from './verify-log/verify-log.handler';
import { VerifyLogHttpController } from './verify-log/verify-log.http.controller';

/** Auditors' read API over the event store: streams by category, one stream, and $all, with full metadata; verification of the tamper-evident log. */
@Module({
  imports: [CqrsModule],
  controllers: [ListStreamsHttpController, ReadStreamHttpController, ReadAllHttpController, VerifyLogHttpController],
  providers: [ListStreamsHandler, ReadStreamHandler, ReadAllHandler, VerifyLogHandler],
})
export class AuditModule {}
