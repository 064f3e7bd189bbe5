import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { GetKpisQuery } from './get-kpis.query';
import { kpiReport, type KpiReport } from './kpi-report';

@QueryHandler(GetKpisQuery)
export class GetKpisHandler implements IQueryHandler<GetKpisQuery> {
  constructor(@Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource) {}

  execute(query: GetKpisQuery): Promise<KpiReport> {
    return kpiReport((text, params) => this.dataSource.query(text, params), query.request);
  }
}
