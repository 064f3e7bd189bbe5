import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseStreams } from '../case-store/case.streams';
import { COLLECTIONS_OPTIONS, type CollectionsOptions } from '../collections.options';
import { AcceptPaymentPlanCommand, ProposePaymentPlanCommand } from './payment-plans.command';

@CommandHandler(ProposePaymentPlanCommand)
export class ProposePaymentPlanHandler implements ICommandHandler<ProposePaymentPlanCommand> {
  constructor(
    private readonly cases: CaseStreams,
    @Inject(COLLECTIONS_OPTIONS) private readonly options: CollectionsOptions,
  ) {}

  async execute({ accountId, plan, context }: ProposePaymentPlanCommand): Promise<{ accountId: string; planId: string; status: 'proposed' }> {
    await this.cases.execute(
      { type: 'ProposePaymentPlan', accountId, planId: plan.planId, installments: plan.installments, currency: plan.currency, invoiceIds: plan.invoiceIds, maxMissed: plan.maxMissed ?? this.options.planMaxMissed, proposedBy: context.actor, on: this.cases.today() },
      context,
    );
    return { accountId, planId: plan.planId, status: 'proposed' };
  }
}

@CommandHandler(AcceptPaymentPlanCommand)
export class AcceptPaymentPlanHandler implements ICommandHandler<AcceptPaymentPlanCommand> {
  constructor(private readonly cases: CaseStreams) {}

  async execute({ accountId, planId, context }: AcceptPaymentPlanCommand): Promise<{ accountId: string; planId: string; status: 'accepted' }> {
    await this.cases.execute({ type: 'AcceptPaymentPlan', accountId, planId, acceptedBy: context.actor, on: this.cases.today() }, context);
    return { accountId, planId, status: 'accepted' };
  }
}
