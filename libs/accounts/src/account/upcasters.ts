import type { RecordedEvent } from '@o2c/event-store';
import { UpcasterChain } from '@o2c/kernel';
import type { AccountEvent } from './account.events';

/**
 * The account stream's history of shapes. Stored events are never rewritten:
 * every reader (the decider runner, the projections, the translator) reads a
 * stored event through this chain.
 *   AccountOpened v1 -> v2: `country` always present; accounts opened before
 *   it existed were French, as v1 documented (absent means FR).
 */
export const ACCOUNT_EVENT_UPCASTERS = new UpcasterChain(
  [{ type: 'AccountOpened', fromVersion: 1, upcast: (data) => ({ ...data, country: (data.country as string | undefined) ?? 'FR' }) }],
  { AccountOpened: 2 },
);

/** A stored account event as the current version of its type. */
export const accountEventOf = (recorded: Pick<RecordedEvent, 'type' | 'data' | 'schemaVersion'>): AccountEvent =>
  ACCOUNT_EVENT_UPCASTERS.upcast({ type: recorded.type, data: recorded.data, schemaVersion: recorded.schemaVersion }) as unknown as AccountEvent;
