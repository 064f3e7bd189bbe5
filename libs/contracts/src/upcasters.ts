import type { AccountOpenedV1, AccountOpenedV2 } from './accounts.events';
import type { BoundedContext } from './published-event';

/**
 * How a published event of an older version is read as the current one:
 * pure functions, one per step (`fromVersion` -> `fromVersion + 1`), applied
 * by every consumer before its handler, so handlers only ever see the current
 * version and messages of an older release still on a topic stay readable.
 * Additive changes only; a breaking change is a new type name.
 */
export interface PublishedUpcaster {
  readonly context: BoundedContext;
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** AccountOpened v1 -> v2: `country` becomes required; v1 documented its absence as FR. */
export function accountOpenedV1ToV2(v1: AccountOpenedV1): AccountOpenedV2 {
  return { ...v1, country: v1.country ?? 'FR' };
}

export const PUBLISHED_UPCASTERS: readonly PublishedUpcaster[] = [
  { context: 'accounts', type: 'AccountOpened', fromVersion: 1, upcast: (data) => ({ ...accountOpenedV1ToV2(data as unknown as AccountOpenedV1) }) },
];

/** The current version of every published type that has more than one, per publishing context (the rest are at version 1). */
export const PUBLISHED_VERSIONS: Readonly<Partial<Record<BoundedContext, Readonly<Record<string, number>>>>> = { accounts: { AccountOpened: 2 } };
