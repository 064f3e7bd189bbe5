import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';

export class ProposePaymentPlanCommand extends Command<{ accountId: string; planId: string; status: 'proposed' }> {
  constructor(
    readonly accountId: string,
    readonly plan: { planId: string; installments: { dueOn: string; amountMinor: number }[]; currency: string; invoiceIds: string[]; maxMissed?: number },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AcceptPaymentPlanCommand extends Command<{ accountId: string; planId: string; status: 'accepted' }> {
  constructor(
    readonly accountId: string,
    readonly planId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
