import type { Decider } from '@o2c/kernel';
import { decide } from './decide';
import { evolve } from './evolve';
import type { ReminderCommand } from './reminder.commands';
import type { ReminderEvent } from './reminder.events';
import { initialReminderState, type ReminderState } from './reminder.state';

export const reminderDecider: Decider<ReminderCommand, ReminderEvent, ReminderState> = { decide, evolve, initialState: initialReminderState };
