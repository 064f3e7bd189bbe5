import { describeEventStoreContract } from '../contract/event-store.contract';
import { StoreUnavailableError } from '../event-store.port';
import { freePort } from '../../../../test/support/free-port';
import { EventStoreDbEventStore, fromStored, matches, packPosition, toStoredMetadata, unpackPosition } from './eventstoredb-event-store';

const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = await EventStoreDbEventStore.connect(url);
    return { store, close: () => store.close() };
  });
} else {
  // Said once per run, in one line: the EventStoreDB contract needs a server, and none runs on our machines.
  console.warn('EventStoreDB contract suite NOT RUN: EVENTSTORE_URL is not set (start one with `docker compose up eventstoredb`, then EVENTSTORE_URL=esdb://localhost:2113?tls=false npm test)');
}

describe('EventStoreDB adapter without a server', () => {
  it('packs (commit, prepare) positions into one bigint that keeps their order and converts back exactly', () => {
    const positions = [
      { commit: 0n, prepare: 0n },
      { commit: 100n, prepare: 100n },
      { commit: 100n, prepare: 250n },
      { commit: 101n, prepare: 101n },
      { commit: (1n << 62n) + 5n, prepare: (1n << 62n) + 5n },
    ];
    const packed = positions.map(packPosition);
    expect([...packed].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(packed);
    expect(packed.map(unpackPosition)).toEqual(positions);
  });

  it('maps a stored event back to the port, schema version and metadata included', () => {
    const metadata = { correlationId: 'c1', causationId: 'k1', actor: 'svc:orders', occurredAt: '2026-11-25T09:00:00.000Z', tenant: 't' };
    const created = new Date('2026-11-25T09:00:01.000Z');
    const recorded = fromStored({
      event: {
        streamId: 'invoice-1',
        id: '0b9f2a3e-3c1d-4a55-9f0e-1d2c3b4a5f60',
        isJson: true,
        revision: 3n,
        type: 'InvoiceIssued',
        created,
        data: { amountMinor: 100 },
        metadata: toStoredMetadata(metadata, 2),
        position: { commit: 7n, prepare: 7n },
      },
    } as never);
    expect(recorded).toEqual({
      id: '0b9f2a3e-3c1d-4a55-9f0e-1d2c3b4a5f60',
      type: 'InvoiceIssued',
      schemaVersion: 2,
      data: { amountMinor: 100 },
      metadata,
      streamName: 'invoice-1',
      revision: 3n,
      position: packPosition({ commit: 7n, prepare: 7n }),
      recordedAt: created,
    });
  });

  it('filters like the PostgreSQL adapter: prefixes OR-ed within a kind, kinds AND-ed, system events never', () => {
    const event = (streamName: string, type: string) => ({ streamName, type }) as never;
    const filter = { streamNamePrefixes: ['invoice-', 'payment-'], eventTypePrefixes: ['Invoice'] };
    expect(matches(event('invoice-1', 'InvoiceIssued'), filter)).toBe(true);
    expect(matches(event('payment-1', 'InvoicePaid'), filter)).toBe(true);
    expect(matches(event('account-1', 'InvoiceIssued'), filter)).toBe(false);
    expect(matches(event('invoice-1', 'PaymentReceived'), filter)).toBe(false);
    expect(matches(event('$stats', '$statsCollected'), undefined)).toBe(false);
  });

  it('refuses to start against an address where no server answers, with a clear error', async () => {
    const port = await freePort();
    const error = await EventStoreDbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false&defaultDeadline=2000`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).message).toContain(`127.0.0.1:${port}`);
  });
});
