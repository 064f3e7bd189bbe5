import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainException, domainError, Roles } from '@o2c/kernel';
import { WorklistPageQuery } from './worklist-page.query';
import type { WorklistEntry } from './worklist.queries';
import { ViewAsOf } from '@o2c/messaging/nest';

@ApiTags('collections')
@Controller('collections/worklist')
export class WorklistHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ViewAsOf()
  @Roles('collector', 'credit_manager')
  @ApiOperation({ summary: "A collector's (or team's) worklist for a date: priority order, reasons, the score's parts, the next best action" })
  @ApiQuery({ name: 'collectorId', required: false })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'date', required: false, description: 'YYYY-MM-DD, default today' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  page(@Query('collectorId') collectorId?: string, @Query('team') team?: string, @Query('date') date?: string, @Query('limit') limit?: string, @Query('offset') offset?: string): Promise<{ entries: WorklistEntry[]; limit: number; offset: number }> {
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DomainException(domainError('validation', 'request.invalid_date', 'date must be YYYY-MM-DD', { field: 'date' }));
    const n = limit === undefined ? 50 : Number(limit);
    const o = offset === undefined ? 0 : Number(offset);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw new DomainException(domainError('validation', 'request.invalid_limit', 'limit is 1 to 500', { field: 'limit' }));
    if (!Number.isInteger(o) || o < 0) throw new DomainException(domainError('validation', 'request.invalid_offset', 'offset is 0 or more', { field: 'offset' }));
    return this.queries.execute(new WorklistPageQuery({ collectorId, team, date }, n, o));
  }
}
