import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import { RecordPromiseCommand } from './record-promise.command';

@CommandHandler(RecordPromiseCommand)
export class RecordPromiseHandler implements ICommandHandler<RecordPromiseCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, promise, context }: RecordPromiseCommand): Promise<{ accountId: string; promiseId: string; status: 'open' }> {
    await this.cases.execute({ type: 'RecordPromiseToPay', accountId, ...promise, recordedBy: context.actor, on: this.cases.today() }, context);
    return { accountId, promiseId: promise.promiseId, status: 'open' };
  }
}
