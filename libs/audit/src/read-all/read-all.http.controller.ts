import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { nextCursor, parseFrom } from '../presentation/paging.dto';
import { EventPageView, presentEvent } from '../presentation/recorded-event.view';
import { ReadAllRequest } from './read-all.dto';
import { ReadAllQuery } from './read-all.query';

@ApiTags('audit')
@Controller('audit/all')
export class ReadAllHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Read $all (every event in commit order) from a position, optionally filtered, with full metadata, paged' })
  @ApiOkResponse({ type: EventPageView })
  async read(@QueryParams() request: ReadAllRequest): Promise<EventPageView> {
    const limit = request.limit ?? 100;
    const direction = request.direction ?? 'forwards';
    const filter =
      request.streamPrefix || request.typePrefix
        ? {
            streamNamePrefixes: request.streamPrefix ? [request.streamPrefix] : undefined,
            eventTypePrefixes: request.typePrefix ? [request.typePrefix] : undefined,
          }
        : undefined;
    const events = await this.queries.execute(new ReadAllQuery({ direction, fromPosition: parseFrom(request.from), maxCount: limit, filter }));
    return { events: events.map(presentEvent), next: nextCursor(events.at(-1)?.position, events.length, limit, direction) };
  }
}
