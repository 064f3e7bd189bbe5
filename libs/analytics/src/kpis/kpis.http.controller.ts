import { Controller, Get, Query as QueryParam, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainException, domainError, Roles } from '@o2c/kernel';
import type { Response } from 'express';
import { kpisToCsv } from './compute-kpis';
import { GetKpisQuery } from './get-kpis.query';
import { parseKpiRequest, type KpiReport } from './kpi-report';

@ApiTags('analytics')
@Controller('analytics/kpis')
export class KpisHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('analyst', 'credit_manager')
  @ApiOperation({ summary: 'KPIs per period from the published events: DSO, aging, collection at first reminder, promises kept, disputes within 72 h, agency placements and recoveries, cash per collector (formulas: libs/analytics/README.md)' })
  @ApiQuery({ name: 'from', example: '2026-01-01' })
  @ApiQuery({ name: 'to', example: '2026-03-31' })
  @ApiQuery({ name: 'period', enum: ['day', 'week', 'month'], required: false })
  @ApiQuery({ name: 'format', enum: ['csv', 'json'], required: false, description: 'default csv' })
  @ApiProduces('text/csv', 'application/json')
  async kpis(
    @QueryParam('from') from: string,
    @QueryParam('to') to: string,
    @QueryParam('period') period: string | undefined,
    @QueryParam('format') format: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<KpiReport | string> {
    const wanted = format ?? 'csv';
    if (wanted !== 'csv' && wanted !== 'json') throw new DomainException(domainError('validation', 'kpis.invalid_request', 'format: must be csv or json', { field: 'format' }));
    const report = await this.queries.execute(new GetKpisQuery(parseKpiRequest({ from, to, period })));
    if (wanted === 'json') return report;
    response.type('text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="kpis-${report.from}-${report.to}-${report.period}.csv"`);
    return kpisToCsv(report.rows);
  }
}
