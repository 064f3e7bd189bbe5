import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetKpisHandler } from './kpis/get-kpis.handler';
import { KpisHttpController } from './kpis/kpis.http.controller';

/** Analysts' read side: KPIs over time from the published events (the facts projection is hosted with the contexts). */
@Module({
  imports: [CqrsModule],
  controllers: [KpisHttpController],
  providers: [GetKpisHandler],
})
export class AnalyticsModule {}
