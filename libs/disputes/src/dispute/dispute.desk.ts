import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { DisputeCause, DisputeOrigin } from '@o2c/contracts';
import { DomainException, domainError, type CommandContext } from '@o2c/kernel';
import { DISPUTES_POLICY, type DisputesPolicy } from '../disputes.policy';
import { InvoiceKnowledge } from '../learn-invoices/invoice-knowledge';
import { disputeView, type DisputeView } from '../presentation/dispute.view';
import type { DisputeCommand } from './commands';
import { DisputeStreams } from './dispute.streams';
import type { DisputeOutcome, DisputeOwner } from './events';

export interface OpenDisputeRequest {
  readonly disputeId?: string;
  readonly invoiceId: string;
  readonly amountMinor?: number;
  readonly cause: DisputeCause;
  readonly ownerId?: string;
  readonly description?: string;
}

/** The use cases of the disputes desk: each reads what it needs (invoice knowledge, owners' directory), runs one dispute command and answers the dispute as its stream says. */
@Injectable()
export class DisputeDesk {
  constructor(
    private readonly streams: DisputeStreams,
    private readonly invoices: InvoiceKnowledge,
    @Inject(DISPUTES_POLICY) private readonly policy: DisputesPolicy,
  ) {}

  owner(ownerId: string): DisputeOwner {
    const entry = this.policy.owners[ownerId];
    if (!entry) throw new DomainException(domainError('rule_violation', 'disputes.owner_unknown', `"${ownerId}" is not a dispute owner (known: ${Object.keys(this.policy.owners).join(', ')})`, { field: 'ownerId' }));
    return { ownerId, managerId: entry.managerId, team: entry.team };
  }

  /** Opens a dispute raised by the customer through the API, or by a collector from a worklist row (`from.accountId`: the row's account, which must own the invoice). */
  async open(request: OpenDisputeRequest, actor: string, from: { origin: DisputeOrigin; accountId?: string } = { origin: 'customer' }): Promise<DisputeView> {
    const invoice = await this.invoices.find(request.invoiceId);
    if (!invoice) throw new DomainException(domainError('not_found', 'disputes.invoice_unknown', `invoice "${request.invoiceId}" is unknown to disputes (not issued, or not yet learned from invoicing)`, { field: 'invoiceId' }));
    if (from.accountId !== undefined && from.accountId !== invoice.accountId) {
      throw new DomainException(
        domainError('rule_violation', 'disputes.invoice_not_on_account', `invoice "${request.invoiceId}" belongs to account ${invoice.accountId}, not to the worklist row's account ${from.accountId}`, {
          field: 'invoiceId',
          details: { accountId: invoice.accountId },
        }),
      );
    }
    if (invoice.openAmountMinor <= 0) throw new DomainException(domainError('rule_violation', 'disputes.invoice_not_open', `invoice "${request.invoiceId}" has nothing left open to dispute`, { field: 'invoiceId', details: { openAmountMinor: invoice.openAmountMinor } }));
    const disputeId = request.disputeId ?? `D-${randomUUID()}`;
    const owner = this.owner(request.ownerId ?? this.policy.defaultOwnerId);
    const amountMinor = request.amountMinor ?? invoice.openAmountMinor;
    const command: DisputeCommand = {
      type: 'OpenDispute',
      disputeId,
      accountId: invoice.accountId,
      invoiceId: invoice.invoiceId,
      amountMinor,
      currency: invoice.currency,
      invoiceOpenAmountMinor: invoice.openAmountMinor,
      cause: request.cause,
      owner,
      openedBy: actor,
      origin: from.origin,
      ...(request.description ? { description: request.description } : {}),
      sla: this.policy.sla,
      now: this.now(),
    };
    return this.run(disputeId, command, { commandId: `open:${disputeId}`, causationId: `http:${randomUUID()}`, actor });
  }

  resolve(disputeId: string, body: { outcome: DisputeOutcome; creditAmountMinor?: number; correctedTotalMinor?: number; currency?: string; rootCause: string }, actor: string): Promise<DisputeView> {
    return this.run(disputeId, { type: 'ResolveDispute', ...body, resolvedBy: actor, now: this.now() }, this.http(actor));
  }

  reopen(disputeId: string, reason: string, actor: string): Promise<DisputeView> {
    return this.run(disputeId, { type: 'ReopenDispute', reason, reopenedBy: actor, now: this.now() }, this.http(actor));
  }

  awaitCustomer(disputeId: string, actor: string): Promise<DisputeView> {
    return this.run(disputeId, { type: 'AwaitCustomer', now: this.now() }, this.http(actor));
  }

  customerAnswered(disputeId: string, actor: string): Promise<DisputeView> {
    return this.run(disputeId, { type: 'RecordCustomerAnswer', now: this.now() }, this.http(actor));
  }

  assignOwner(disputeId: string, ownerId: string, actor: string): Promise<DisputeView> {
    return this.run(disputeId, { type: 'AssignOwner', owner: this.owner(ownerId), now: this.now() }, this.http(actor));
  }

  async get(disputeId: string): Promise<DisputeView> {
    const { state, history } = await this.streams.load(disputeId);
    return disputeView(disputeId, state, history, this.streams.now());
  }

  private async run(disputeId: string, command: DisputeCommand, context: CommandContext): Promise<DisputeView> {
    await this.streams.execute(disputeId, command, context);
    return this.get(disputeId);
  }

  private http(actor: string): CommandContext {
    return { causationId: `http:${randomUUID()}`, actor };
  }

  private now(): string {
    return this.streams.now().toISOString();
  }
}
