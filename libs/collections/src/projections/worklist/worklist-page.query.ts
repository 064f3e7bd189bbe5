import { Query } from '@nestjs/cqrs';
import type { WorklistEntry } from './worklist.queries';

/** A collector's (or team's) worklist page for a date. */
export class WorklistPageQuery extends Query<{ entries: WorklistEntry[]; limit: number; offset: number }> {
  constructor(
    readonly filter: { collectorId?: string; team?: string; date?: string },
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
