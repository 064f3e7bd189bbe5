import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ContactOutcome } from '@o2c/contracts';
import { CaseStreams } from '../case-store/case.streams';
import { RecordContactCommand } from './record-contact.command';

@CommandHandler(RecordContactCommand)
export class RecordContactHandler implements ICommandHandler<RecordContactCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, contact, context }: RecordContactCommand): Promise<{ accountId: string; outcome: ContactOutcome; at: string }> {
    const at = this.cases.clock.now().toISOString();
    await this.cases.execute({ type: 'RecordContactOutcome', accountId, ...contact, at }, context);
    return { accountId, outcome: contact.outcome, at };
  }
}
