import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ListStreamsHandler } from './list-streams/list-streams.handler';
import { ListStreamsHttpController } from './list-streams/list-streams.http.controller';
import { ReadAllHandler } from './read-all/read-all.handler';
import { ReadAllHttpController } from './read-all/read-all.http.controller';
import { ReadStreamHandler } from './read-stream/read-stream.handler';
import { ReadStreamHttpController } from './read-stream/read-stream.http.controller';

/** Auditors' read API over the event store: streams by category, one stream, and $all, with full metadata. */
@Module({
  imports: [CqrsModule],
  controllers: [ListStreamsHttpController, ReadStreamHttpController, ReadAllHttpController],
  providers: [ListStreamsHandler, ReadStreamHandler, ReadAllHandler],
})
export class AuditModule {}
