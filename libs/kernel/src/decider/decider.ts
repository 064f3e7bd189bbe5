/**
 * Business logic as two pure functions (STYLE.md, after Emmett): `decide`
 * turns a command and the current state into new events, `evolve` folds an
 * event into the state. No I/O, no clock reads: "now" arrives in the command.
 * A refusal is a thrown DomainException carrying a DomainError value.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** Schema version of this event type; 1 when absent. */
  readonly schemaVersion?: number;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
  /**
   * `decide`, with the state its events fold to, for a decider whose `decide` already folds them as it goes: the runner
   * then does not fold them again. Must equal `decide`'s events and their fold by `evolve` over `state`.
   */
  decideAndFold?(command: Command, state: State): { readonly events: readonly Event[]; readonly state: State };
}

/** Folds events into a state from the decider's initial state. */
export function fold<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>, events: Iterable<Event>): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
