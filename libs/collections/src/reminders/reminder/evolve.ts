import type { ReminderEvent } from './reminder.events';
import type { ReminderState } from './reminder.state';

export function evolve(state: ReminderState, event: ReminderEvent): ReminderState {
  switch (event.type) {
    case 'ReminderDue':
      return { status: 'due', due: event.data, attempts: [] };
    case 'ReminderSent': {
      if (state.status === 'none') return state;
      const attempts = [...state.attempts, { attempt: event.data.attempt, outcome: 'sent' as const, at: event.data.sentAt }];
      return { status: 'sent', due: state.due, attempts, providerMessageId: event.data.providerMessageId, documentPath: event.data.documentPath, sentAt: event.data.sentAt };
    }
    case 'FormalNoticeSent':
      return state;
    case 'ReminderDeliveryFailed': {
      if (state.status === 'none') return state;
      const { attempt, failedAt, reason, detail, permanent } = event.data;
      const attempts = [...state.attempts, { attempt, outcome: 'failed' as const, at: failedAt, reason, detail }];
      if (permanent) return { status: 'failed', due: state.due, attempts, reason, detail, failedAt };
      return state.status === 'due' ? { ...state, attempts } : state;
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
