import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import { AssignCollectorCommand } from './assign-collector.command';

@CommandHandler(AssignCollectorCommand)
export class AssignCollectorHandler implements ICommandHandler<AssignCollectorCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, collectorId, team, context }: AssignCollectorCommand): Promise<{ accountId: string; collectorId: string; team: string; by: 'manual' }> {
    await this.cases.execute({ type: 'AssignCollector', accountId, collectorId, team }, context);
    return { accountId, collectorId, team, by: 'manual' };
  }
}
