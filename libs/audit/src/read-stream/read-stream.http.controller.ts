import { Controller, Get, Param, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainException, domainError, Roles } from '@o2c/kernel';
import { EventPageQuery, nextCursor, parseFrom } from '../presentation/paging.dto';
import { EventPageView, presentEvent } from '../presentation/recorded-event.view';
import { ReadStreamQuery } from './read-stream.query';

@ApiTags('audit')
@Controller('audit/streams')
export class ReadStreamHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':streamName/events')
  @Roles('auditor')
  @ApiOperation({ summary: "Read one stream's events with full metadata, forwards or backwards from a revision, paged" })
  @ApiOkResponse({ type: EventPageView })
  async read(@Param('streamName') streamName: string, @QueryParams() page: EventPageQuery): Promise<EventPageView> {
    const limit = page.limit ?? 100;
    const direction = page.direction ?? 'forwards';
    const events = await this.queries.execute(new ReadStreamQuery(streamName, { direction, fromRevision: parseFrom(page.from), maxCount: limit }));
    if (events.length === 0 && page.from === undefined) {
      throw new DomainException(domainError('not_found', 'audit.stream_not_found', `stream "${streamName}" does not exist`, { field: 'streamName' }));
    }
    return { events: events.map(presentEvent), next: nextCursor(events.at(-1)?.revision, events.length, limit, direction) };
  }
}
