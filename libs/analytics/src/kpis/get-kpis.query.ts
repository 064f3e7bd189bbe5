import { Query } from '@nestjs/cqrs';
import type { KpiReport, KpiRequest } from './kpi-report';

export class GetKpisQuery extends Query<KpiReport> {
  constructor(readonly request: KpiRequest) {
    super();
  }
}
