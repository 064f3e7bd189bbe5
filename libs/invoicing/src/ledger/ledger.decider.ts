import type { Decider } from '@o2c/kernel';
import type { LedgerCommand } from './commands';
import { decideLedger } from './decide';
import type { LedgerEvent } from './events';
import { evolveLedger } from './evolve';
import { initialLedgerState, type LedgerState } from './state';

/** The ledger of one account (stream `ledger-<accountId>`): one decision per command on one consistent state. */
export const ledgerDecider: Decider<LedgerCommand, LedgerEvent, LedgerState> = {
  decide: decideLedger,
  evolve: evolveLedger,
  initialState: initialLedgerState,
};
