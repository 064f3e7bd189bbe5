import type { PublishedEvent } from '@o2c/contracts';
import { UndecodableMessageError } from '../consumer/message-consumer';
import type { IncomingMessage } from '../transport/message-transport';
import { publishedEventConsumer, publishedFrom } from './published';

const message = (schemaVersion: number, data: Record<string, unknown>): IncomingMessage =>
  ({
    topic: 'o2c.accounts.events',
    partition: 0,
    offset: '7',
    key: 'ACME',
    headers: {},
    value: JSON.stringify({
      type: 'AccountOpened',
      schemaVersion,
      context: 'accounts',
      key: 'ACME',
      data,
      metadata: { messageId: 'm-1', correlationId: 'c', causationId: 'c', actor: 'svc:accounts', occurredAt: '2025-01-02T09:00:00Z', sourceStream: 'account-ACME', sourcePosition: '1' },
    }),
  }) as IncomingMessage;

describe('published contracts across versions', () => {
  const consumer = publishedEventConsumer({ groupId: 'g', from: ['accounts'], handlers: { AccountOpened: { versions: [2], handle: async () => undefined } } });
  const opened = { accountId: 'ACME', legalName: 'Acme SAS', kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 100_000, contacts: [], openedAt: '2025-01-02T09:00:00Z' };

  it('a version 1 message still on a topic reaches a version 2 handler upcast (country FR), its other fields untouched', () => {
    const event = consumer.decode(message(1, opened)) as PublishedEvent;
    expect(event.schemaVersion).toBe(2);
    expect(event.data).toEqual({ ...opened, country: 'FR' });
    expect((consumer.decode(message(1, { ...opened, country: 'BE' })) as PublishedEvent).data).toMatchObject({ country: 'BE' });
  });

  it('a version 2 message passes as it is', () => {
    expect((consumer.decode(message(2, { ...opened, country: 'DE' })) as PublishedEvent).data).toEqual({ ...opened, country: 'DE' });
  });

  it('a version newer than this release reads is a dead letter naming schemaVersion', () => {
    try {
      consumer.decode(message(3, opened));
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(UndecodableMessageError);
      expect(error).toMatchObject({ code: 'message.unsupported_version', field: 'schemaVersion', message: 'AccountOpened version 3 is newer than this release reads (2)' });
    }
  });

  it('translators publish a type at its current version unless told otherwise', () => {
    const recorded = { id: 'e-1', streamName: 'account-ACME', revision: 0n, position: 1n, type: 'AccountOpened', schemaVersion: 2, data: {}, metadata: { correlationId: 'c', causationId: 'c', actor: 'a', occurredAt: 'now' }, recordedAt: new Date() };
    expect(publishedFrom(recorded as never, { context: 'accounts', type: 'AccountOpened', key: 'ACME', data: {} }).schemaVersion).toBe(2);
    expect(publishedFrom(recorded as never, { context: 'accounts', type: 'CreditLimitChanged', key: 'ACME', data: {} }).schemaVersion).toBe(1);
  });
});
