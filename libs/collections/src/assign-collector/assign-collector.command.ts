import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';

export class AssignCollectorCommand extends Command<{ accountId: string; collectorId: string; team: string; by: 'manual' }> {
  constructor(
    readonly accountId: string,
    readonly collectorId: string,
    readonly team: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
