import type { Decider } from '@o2c/kernel';
import type { DisputeCommand } from './commands';
import { decide } from './decide';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { initialDisputeState, type DisputeState } from './state';

export const disputeDecider: Decider<DisputeCommand, DisputeEvent, DisputeState> = { decide, evolve, initialState: initialDisputeState };
