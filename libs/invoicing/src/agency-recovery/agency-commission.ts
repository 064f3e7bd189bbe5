import type { Decider, DomainEvent } from '@o2c/kernel';

/**
 * The commissions invoicing owes collection agencies, one stream per account
 * (`agencyCommissions-<accountId>`): a cost booked beside the agency's
 * recovery, which itself is an ordinary payment on the ledger
 * (`AGY-<recoveryId>`). Idempotent on the recovery id.
 */
export type AgencyCommissionEvent = DomainEvent<
  'AgencyCommissionBooked',
  {
    accountId: string;
    recoveryId: string;
    claimId: string;
    agencyId: string;
    paymentId: string;
    invoiceId: string;
    recoveredMinor: number;
    commissionMinor: number;
    currency: string;
    bookedOn: string;
  }
>;

export type BookAgencyCommission = { type: 'BookAgencyCommission' } & AgencyCommissionEvent['data'];

export type AgencyCommissionState = { readonly recoveryIds: ReadonlySet<string> };

export const agencyCommissionsStream = (accountId: string): string => `agencyCommissions-${accountId}`;

export const agencyCommissionDecider: Decider<BookAgencyCommission, AgencyCommissionEvent, AgencyCommissionState> = {
  initialState: () => ({ recoveryIds: new Set() }),
  evolve: (state, event) => ({ recoveryIds: new Set(state.recoveryIds).add(event.data.recoveryId) }),
  decide: (command, state) => {
    if (state.recoveryIds.has(command.recoveryId)) return [];
    const { type: _type, ...data } = command;
    return [{ type: 'AgencyCommissionBooked', data }];
  },
};
