import { DomainException, domainError } from '../errors/domain-error';

/**
 * One step of a type's history: turns the data of `fromVersion` into the
 * data of `fromVersion + 1`. Pure (STYLE.md rule 6): an additive change is an
 * upcaster; a breaking change is a new event type, never an upcaster.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface Versioned {
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: unknown;
}

/**
 * The upcasters of a set of event types, chained: an event of any older
 * version is read as the current one (v1 -> v2 -> v3), stored events are
 * never rewritten. A version newer than the current one was written by a
 * newer release: refused, never guessed.
 */
export class UpcasterChain {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  constructor(
    upcasters: readonly Upcaster[],
    /** Each upcast type's current version (types absent here are at version 1 and pass as they are). */
    private readonly current: Readonly<Record<string, number>>,
  ) {
    for (const upcaster of upcasters) {
      const target = current[upcaster.type];
      if (target === undefined) throw new Error(`upcaster for ${upcaster.type} v${upcaster.fromVersion}: the type has no current version`);
      if (upcaster.fromVersion < 1 || upcaster.fromVersion >= target) throw new Error(`upcaster for ${upcaster.type} v${upcaster.fromVersion}: outside 1..${target - 1}`);
      if (!this.steps.has(upcaster.type)) this.steps.set(upcaster.type, new Map());
      const byVersion = this.steps.get(upcaster.type)!;
      if (byVersion.has(upcaster.fromVersion)) throw new Error(`two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      byVersion.set(upcaster.fromVersion, upcaster);
    }
    for (const [type, target] of Object.entries(current)) {
      for (let version = 1; version < target; version++) {
        if (!this.steps.get(type)?.has(version)) throw new Error(`${type} is at version ${target} but has no upcaster from version ${version}`);
      }
    }
  }

  /** The current version of a type (1 when it never changed). */
  versionOf(type: string): number {
    return this.current[type] ?? 1;
  }

  /** The event as its type's current version; the same object when it already is. */
  upcast<E extends Versioned>(event: E): E {
    const target = this.versionOf(event.type);
    let version = event.schemaVersion ?? 1;
    if (version === target) return event;
    if (version > target) {
      throw new DomainException(
        domainError('validation', 'event.unsupported_version', `${event.type} version ${version} is newer than this release reads (${target})`, { field: 'schemaVersion' }),
      );
    }
    let data = event.data as Record<string, unknown>;
    for (; version < target; version++) data = this.steps.get(event.type)!.get(version)!.upcast(data);
    return { ...event, schemaVersion: target, data };
  }
}
