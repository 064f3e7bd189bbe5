import type { Decider } from '@o2c/kernel';
import type { DebtorFileCommand } from './commands';
import { decide } from './decide';
import type { DebtorFileEvent } from './events';
import { evolve } from './evolve';
import { initialDebtorFile, type DebtorFileState } from './state';

export const debtorFileDecider: Decider<DebtorFileCommand, DebtorFileEvent, DebtorFileState> = { decide, evolve, initialState: initialDebtorFile };
