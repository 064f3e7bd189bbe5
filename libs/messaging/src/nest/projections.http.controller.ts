import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { DomainException, domainError, replayViews, type RebuildReport, type ReplayReport, Roles } from '@o2c/kernel';
import { ContextHost } from './context-host.service';

export class ReplayRequest {
  @ApiPropertyOptional({ description: 'a projection name (see GET /projections), or "all"', default: 'all', example: 'invoicing.invoices' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  projection?: string;

  @ApiPropertyOptional({ description: 'swap each fresh table that differs in place of the live one; default false: compare only, live tables untouched', default: false })
  @IsOptional()
  @IsBoolean({ message: 'swap must be true or false' })
  swap?: boolean;
}

class TableChecksumView {
  @ApiProperty({ description: 'order-independent checksum of the rows (32 hex digits)' }) checksum!: string;
  @ApiProperty() rows!: number;
}

class ViewReplayView {
  @ApiProperty({ example: 'invoicing.invoices' }) name!: string;
  @ApiProperty() table!: string;
  @ApiProperty({ description: 'the live checkpoint the fresh table was folded up to (decimal)' }) position!: string;
  @ApiProperty() events!: number;
  @ApiProperty() seconds!: number;
  @ApiProperty({ type: TableChecksumView, nullable: true }) live!: TableChecksumView | null;
  @ApiProperty({ type: TableChecksumView }) replayed!: TableChecksumView;
  @ApiProperty() equal!: boolean;
  @ApiProperty() swapped!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the fresh table kept for inspection (o2c_read_replay.<table>)' }) freshTable!: string | null;
}

export class ReplayReportView {
  @ApiProperty({ description: 'events folded over every view' }) events!: number;
  @ApiProperty() seconds!: number;
  @ApiProperty() perSec!: number;
  @ApiProperty({ description: 'true when every view equals its replay' }) checksumsEqual!: boolean;
  @ApiProperty({ type: [ViewReplayView] }) views!: ViewReplayView[];
}

/** For analysts and operators: each read model's state, and a rebuild from position 0 into a fresh table swapped in atomically. */
@ApiTags('projections')
@Controller('projections')
export class ProjectionsHttpController {
  constructor(private readonly host: ContextHost) {}

  @Get()
  @Roles('analyst')
  @ApiOperation({ summary: 'Every read model hosted here: status (catching_up, live, rebuilding, failed) and checkpoint ($all position)' })
  list(): ReturnType<ContextHost['status']>['projections'] {
    return this.host.status().projections;
  }

  @Post('replay')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replay views from position 0 into fresh tables (o2c_read_replay) up to each live checkpoint and compare them with the live tables by checksum (the same report as `o2c replay`)',
  })
  @ApiOkResponse({ type: ReplayReportView })
  async replay(@Body() request: ReplayRequest): Promise<ReplayReport> {
    const selector = request.projection ?? 'all';
    const runners = selector === 'all' ? this.host.projectionRunners() : [this.host.projection(selector)].filter((r) => r !== undefined);
    if (runners.length === 0) {
      throw new DomainException(domainError('not_found', 'projection.unknown', `no projection "${selector}" runs here (see GET /projections)`, { field: 'projection' }));
    }
    return replayViews(runners, this.host.readModels(), { swap: request.swap ?? false });
  }

  @Post(':name/rebuild')
  @Roles('analyst')
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
