import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { presentStream, StreamPageView } from '../presentation/recorded-event.view';
import { ListStreamsRequest } from './list-streams.dto';
import { ListStreamsQuery } from './list-streams.query';

@ApiTags('audit')
@Controller('audit/streams')
export class ListStreamsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'List streams, optionally of one category (stream-name prefix), in name order, paged' })
  @ApiOkResponse({ type: StreamPageView })
  async list(@QueryParams() request: ListStreamsRequest): Promise<StreamPageView> {
    const limit = request.limit ?? 100;
    // A category is what precedes the first dash of a stream name (EventStoreDB's rule): "invoice" lists "invoice-*".
    const prefix = request.category === undefined || request.category.endsWith('-') ? request.category : `${request.category}-`;
    const streams = await this.queries.execute(new ListStreamsQuery(prefix, request.after, limit));
    const last = streams.at(-1);
    return { streams: streams.map(presentStream), next: last && streams.length === limit ? last.streamName : null };
  }
}
