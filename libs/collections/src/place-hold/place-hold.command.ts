import { Command } from '@nestjs/cqrs';
import type { HoldKind } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';

export interface HoldRequest {
  readonly holdId: string;
  readonly kind: HoldKind;
  readonly scope: 'account' | 'invoice' | 'amount';
  readonly invoiceIds?: string[];
  readonly amountMinor?: number;
  readonly reason: string;
  readonly expiresOn?: string;
}

export class PlaceHoldCommand extends Command<{ accountId: string; holdId: string; placed: boolean }> {
  constructor(
    readonly accountId: string,
    readonly hold: HoldRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class ReleaseHoldCommand extends Command<{ accountId: string; holdId: string; released: true }> {
  constructor(
    readonly accountId: string,
    readonly holdId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
