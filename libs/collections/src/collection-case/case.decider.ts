import type { Decider } from '@o2c/kernel';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';
import { decide, decideAndFold } from './decide';
import { evolve } from './evolve';

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  decide,
  decideAndFold,
  evolve,
  initialState: () => ({ status: 'Empty' }),
};
