import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import { PlaceHoldCommand, ReleaseHoldCommand } from './place-hold.command';

@CommandHandler(PlaceHoldCommand)
export class PlaceHoldHandler implements ICommandHandler<PlaceHoldCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, hold, context }: PlaceHoldCommand): Promise<{ accountId: string; holdId: string; placed: boolean }> {
    const outcome = await this.cases.execute({ type: 'PlaceHold', accountId, ...hold, on: this.cases.today(), placedBy: context.actor }, context);
    return { accountId, holdId: hold.holdId, placed: outcome.newEvents.length > 0 };
  }
}

@CommandHandler(ReleaseHoldCommand)
export class ReleaseHoldHandler implements ICommandHandler<ReleaseHoldCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, holdId, reason, context }: ReleaseHoldCommand): Promise<{ accountId: string; holdId: string; released: true }> {
    await this.cases.execute({ type: 'ReleaseHold', accountId, holdId, reason, on: this.cases.today() }, context);
    return { accountId, holdId, released: true };
  }
}
