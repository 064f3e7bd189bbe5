import type { Decider } from '@o2c/kernel';
import type { AccountCommand } from './account.commands';
import type { AccountEvent } from './account.events';
import type { AccountState } from './account.state';
import { decide, DEFAULT_ACCOUNTS_POLICY, type AccountsPolicy } from './decide';
import { evolve } from './evolve';

/** The account aggregate as the kernel's decider runner drives it, with the context's configured rules. */
export function accountDecider(policy: AccountsPolicy = DEFAULT_ACCOUNTS_POLICY): Decider<AccountCommand, AccountEvent, AccountState> {
  return {
    initialState: () => ({ status: 'Empty' }),
    evolve,
    decide: (command, state) => decide(command, state, policy),
  };
}
