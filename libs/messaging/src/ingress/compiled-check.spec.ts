import { IngressEnvelope, OrderDeliveredV1, PaymentReceivedMessageV1 } from '@o2c/contracts';
import { DomainException } from '@o2c/kernel';
import { compileCheck } from './compiled-check';
import { decodeIngress, decodeIngressByClassValidator, type IngressChannel } from './ingress-decoder';

const payment = { paymentId: 'PAY-1', accountId: 'ACME', amountMinor: 12_000, currency: 'EUR', receivedAt: '2026-11-25T10:00:00Z', method: 'transfer' };
const envelope = (type: string, data: unknown, extra: Record<string, unknown> = {}) => ({ messageId: 'bank-stmt-1:42', type, data, ...extra });

/** Each message: what the compiled check and class-validator must decide alike (the value, or the error naming the field). */
const cases: [IngressChannel, unknown][] = [
  ['payments', envelope('PaymentReceived', payment)],
  ['payments', envelope('PaymentReceived', { ...payment, reference: 'INV-1' }, { schemaVersion: 1 })],
  ['payments', envelope('PaymentReceived', { ...payment, reference: null })],
  ['payments', envelope('PaymentReceived', { ...payment, reference: 'x'.repeat(141) })],
  ['payments', envelope('PaymentReceived', { ...payment, amountMinor: 120.5 })],
  ['payments', envelope('PaymentReceived', { ...payment, amountMinor: 0 })],
  ['payments', envelope('PaymentReceived', { ...payment, amountMinor: '12000' })],
  ['payments', envelope('PaymentReceived', { ...payment, currency: 'eur' })],
  ['payments', envelope('PaymentReceived', { ...payment, receivedAt: '2026-02-30T10:00:00Z' })],
  ['payments', envelope('PaymentReceived', { ...payment, receivedAt: '25/11/2026' })],
  ['payments', envelope('PaymentReceived', { ...payment, method: 'bitcoin' })],
  ['payments', envelope('PaymentReceived', { ...payment, amount: 3 })],
  ['payments', envelope('PaymentReceived', { ...payment, accountId: { id: 'ACME' } })],
  ['payments', envelope('PaymentReceived', { ...payment, accountId: '-ACME' })],
  ['payments', envelope('PaymentReceived', { ...payment, paymentId: undefined })],
  ['payments', envelope('PaymentReceived', payment, { schemaVersion: 2 })],
  ['payments', envelope('PaymentReceived', payment, { schemaVersion: 0 })],
  ['payments', envelope('PaymentReceived', payment, { extra: true })],
  ['payments', envelope('PaymentReceived', [payment])],
  ['payments', envelope('PaymentReceived', null)],
  ['payments', envelope('OrderPlaced', payment)],
  ['payments', { ...envelope('PaymentReceived', payment), messageId: 'x y' }],
  ['payments', { ...envelope('PaymentReceived', payment), type: '' }],
  ['payments', envelope('PaymentReversed', { paymentId: 'PAY-1', accountId: 'ACME', reason: 'chargeback', reversedAt: '2026-11-26T10:00:00Z' })],
  ['payments', envelope('PaymentReversed', { paymentId: 'PAY-1', accountId: 'ACME', reason: 'changed_mind', reversedAt: '2026-11-26T10:00:00Z' })],
  ['orders', envelope('OrderPlaced', { orderId: 'O-1', accountId: 'ACME', currency: 'EUR', amountMinor: 5_00, placedAt: '2026-11-25T10:00:00Z' })],
  ['orders', envelope('OrderPlaced', { orderId: 'O-1', accountId: 'ACME', currency: 'EUR', amountMinor: Number.MAX_SAFE_INTEGER + 2, placedAt: '2026-11-25T10:00:00Z' })],
  ['orders', envelope('OrderCancelled', { orderId: 'O-1', accountId: 'ACME', reason: 'customer asked' })],
  ['orders', envelope('OrderCancelled', { orderId: 'O-1', accountId: 'ACME', reason: '' })],
  ['orders', envelope('OrderDelivered', { orderId: 'O-1', accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-25T10:00:00Z', lines: [{ description: 'paper', quantity: 2, unitPriceMinor: 100, taxRateBp: 2000 }] })],
  ['orders', envelope('OrderDelivered', { orderId: 'O-1', accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-25T10:00:00Z', lines: [] })],
];

function outcome(decode: () => unknown): unknown {
  try {
    const message = decode() as { data: object };
    return { message, dataClass: message.data.constructor.name };
  } catch (error) {
    if (error instanceof DomainException) return { error: error.error };
    throw error;
  }
}

describe('the compiled check of ingress messages', () => {
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i (%s) is decided exactly as class-validator decides it', (_i, channel, raw) => {
    expect(outcome(() => decodeIngress(channel, raw))).toStrictEqual(outcome(() => decodeIngressByClassValidator(channel, raw)));
  });

  it('compiles the flat classes and leaves a class with nested rules to class-validator', () => {
    expect(compileCheck(IngressEnvelope)).toBeDefined();
    expect(compileCheck(PaymentReceivedMessageV1)?.({ ...payment })).toBe(true);
    expect(compileCheck(PaymentReceivedMessageV1)?.({ ...payment, amountMinor: 1.5 })).toBe(false);
    expect(compileCheck(OrderDeliveredV1)).toBeUndefined();
  });
});
