import { DomainException } from '../errors/domain-error';
import type { Decider, DomainEvent } from '../decider/decider';

/**
 * Given/when/then for deciders, with no database (STYLE.md):
 * `spec(decider).given([...events]).when(command).then([...events])`
 * or `.thenFails('code', 'field')`.
 */
export function deciderSpec<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = (): readonly Event[] => {
            let state = decider.initialState();
            for (const event of events) state = decider.evolve(state, event);
            return decider.decide(command, state);
          };
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenFails(code: string, field?: string): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainException);
              expect((caught as DomainException).error.code).toBe(code);
              if (field !== undefined) expect((caught as DomainException).error.field).toBe(field);
            },
          };
        },
      };
    },
  };
}
