import { deciderSpec } from '@o2c/kernel/testing';
import { agencyCommissionDecider, type AgencyCommissionEvent, type BookAgencyCommission } from './agency-commission';

describe('agency commission (booked beside the AGY- payment)', () => {
  const data: AgencyCommissionEvent['data'] = {
    accountId: 'ACME',
    recoveryId: 'R-1',
    claimId: 'ACME-1',
    agencyId: 'intrum',
    paymentId: 'AGY-R-1',
    invoiceId: 'INV-1',
    recoveredMinor: 200_00,
    commissionMinor: 36_00,
    currency: 'EUR',
    bookedOn: '2026-11-20',
  };
  const book: BookAgencyCommission = { type: 'BookAgencyCommission', ...data };
  it('books once per recovery id', () => {
    deciderSpec(agencyCommissionDecider).given([]).when(book).then([{ type: 'AgencyCommissionBooked', data }]);
    deciderSpec(agencyCommissionDecider).given([{ type: 'AgencyCommissionBooked', data }]).when(book).then([]);
    deciderSpec(agencyCommissionDecider).given([{ type: 'AgencyCommissionBooked', data }]).when({ ...book, recoveryId: 'R-2', paymentId: 'AGY-R-2' }).then([{ type: 'AgencyCommissionBooked', data: { ...data, recoveryId: 'R-2', paymentId: 'AGY-R-2' } }]);
  });
});
