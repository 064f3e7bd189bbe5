import { DomainException } from '@o2c/kernel';
import { decodeIngress } from './ingress-decoder';

const payment = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  messageId: 'bank-stmt-1:42',
  type: 'PaymentReceived',
  data: { paymentId: 'PAY-1', accountId: 'ACME', amountMinor: 12_000, currency: 'EUR', receivedAt: '2026-11-25T10:00:00Z', method: 'transfer', ...data },
  ...extra,
});

function errorOf(fn: () => unknown): DomainException['error'] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainException) return error.error;
    throw error;
  }
  throw new Error('expected a DomainException');
}

describe('decodeIngress', () => {
  it('accepts a valid payment and keeps the publisher message id', () => {
    const message = decodeIngress('payments', payment({ reference: 'INV-ORD-1' }));
    expect(message).toMatchObject({ messageId: 'bank-stmt-1:42', type: 'PaymentReceived', schemaVersion: 1 });
    expect(message.data).toMatchObject({ amountMinor: 12_000, reference: 'INV-ORD-1' });
  });

  it('names a float amount as the bad field', () => {
    const error = errorOf(() => decodeIngress('payments', payment({ amountMinor: 120.5 })));
    expect(error).toMatchObject({ kind: 'validation', code: 'ingress.invalid', field: 'data.amountMinor' });
  });

  it('refuses unknown fields in data', () => {
    expect(errorOf(() => decodeIngress('payments', payment({ amount: 3 }))).field).toBe('data.amount');
  });

  it('refuses a type that does not belong to the channel', () => {
    expect(errorOf(() => decodeIngress('orders', payment({})))).toMatchObject({ code: 'ingress.unknown_type', field: 'type' });
  });

  it('refuses an unsupported schema version and a missing message id', () => {
    expect(errorOf(() => decodeIngress('payments', payment({}, { schemaVersion: 2 }))).code).toBe('ingress.unsupported_version');
    expect(errorOf(() => decodeIngress('payments', { ...payment({}), messageId: undefined })).field).toBe('messageId');
  });

  it('validates nested order lines', () => {
    const error = errorOf(() =>
      decodeIngress('orders', {
        messageId: 'm-1',
        type: 'OrderDelivered',
        data: { orderId: 'O-1', accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-25T10:00:00Z', lines: [{ description: 'paper', quantity: 0, unitPriceMinor: 100, taxRateBp: 2000 }] },
      }),
    );
    expect(error.field).toBe('data.lines.0.quantity');
  });
});
