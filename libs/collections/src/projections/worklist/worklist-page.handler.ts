import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../../case-store/case.streams';
import { WorklistPageQuery } from './worklist-page.query';
import { WorklistQueries, type WorklistEntry } from './worklist.queries';

@QueryHandler(WorklistPageQuery)
export class WorklistPageHandler implements IQueryHandler<WorklistPageQuery> {
  constructor(
    private readonly worklist: WorklistQueries,
    private readonly cases: CaseStreams,
  ) {}

  execute({ filter, limit, offset }: WorklistPageQuery): Promise<{ entries: WorklistEntry[]; limit: number; offset: number }> {
    return this.worklist.page({ ...filter, date: filter.date ?? this.cases.today() }, limit, offset);
  }
}
