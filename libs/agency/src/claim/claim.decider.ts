import type { Decider } from '@o2c/kernel';
import type { ClaimCommand } from './commands';
import { decide } from './decide';
import type { ClaimEvent } from './events';
import { evolve } from './evolve';
import { initialClaim, type ClaimState } from './state';

export const claimDecider: Decider<ClaimCommand, ClaimEvent, ClaimState> = { decide, evolve, initialState: initialClaim };
