import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainException, domainError, type RebuildReport } from '@o2c/kernel';
import { ContextHost } from './context-host.service';

/** For analysts and operators: each read model's state, and a rebuild from position 0 into a fresh table swapped in atomically. */
@ApiTags('projections')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(private readonly host: ContextHost) {}

  @Get()
  @ApiOperation({ summary: 'Every read model hosted here: status (catching_up, live, rebuilding, failed) and checkpoint ($all position)' })
  list(): ReturnType<ContextHost['status']>['projections'] {
    return this.host.status().projections;
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  @ApiParam({ name: 'name', example: 'invoicing.invoices' })
  @ApiOperation({ summary: 'Replay the whole history into a fresh table beside the live one (which keeps serving), then swap it in' })
  async rebuild(@Param('name') name: string): Promise<Omit<RebuildReport, 'checkpoint'> & { checkpoint: string }> {
    const runner = this.host.projection(name);
    if (!runner) {
      throw new DomainException(domainError('not_found', 'projection.unknown', `no projection "${name}" runs here (see GET /projections)`, { field: 'name' }));
    }
    const report = await runner.rebuild();
    return { ...report, checkpoint: String(report.checkpoint) };
  }
}
