import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, DomainException, domainError, handleCommand, type Clock, type CommandContext } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { markEveryCaseChanged } from '../case-store/collections.tables';
import { DEFAULT_POLICIES } from './default-policies';
import type { DunningPolicy, DunningPolicyVersion } from './dunning-policy';
import { policyDecider, policyStream, versionOn, type PolicyEvent } from './policy.decider';
import { validatePolicy } from './policy.validation';

/** The shipped defaults apply from the beginning of time. */
const DEFAULTS_FROM = '2000-01-01';

/**
 * The dunning policies: one stream per (segment, kind) policy, every version
 * kept. The defaults are published once at start (idempotent); a version read
 * back from the store is validated again, so a bad record stops with an error
 * naming its field instead of dunning with it.
 */
@Injectable()
export class PolicyRegistry {
  private seeded?: Promise<void>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /** Publishes the shipped defaults once per process (a no-op when the store has them). */
  seedDefaults(): Promise<void> {
    this.seeded ??= this.publishDefaults().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }

  private async publishDefaults(): Promise<void> {
    for (const policy of DEFAULT_POLICIES) {
      await handleCommand(
        this.store,
        policyStream(policy.policyId),
        policyDecider,
        { type: 'PublishDunningPolicy', policy, effectiveFrom: DEFAULTS_FROM, publishedBy: 'system:collections', reason: 'shipped default' },
        { causationId: `default-policy:${policy.policyId}`, actor: 'system:collections' },
        { clock: this.clock },
      );
    }
  }

  async publish(policyId: string, input: unknown, effectiveFrom: string, reason: string, context: CommandContext): Promise<DunningPolicyVersion> {
    await this.seedDefaults();
    const policy = validatePolicy(input, policyId);
    const expected = `${policy.segment}.${policy.kind}`;
    if (policyId !== expected) throw new DomainException(domainError('validation', 'policy.invalid', `policyId: the policy of segment ${policy.segment} and kind ${policy.kind} is "${expected}"`, { field: 'policyId' }));
    const outcome = await handleCommand(this.store, policyStream(policyId), policyDecider, { type: 'PublishDunningPolicy', policy, effectiveFrom, publishedBy: context.actor, reason }, context, { clock: this.clock });
    if (outcome.newEvents.length) await markEveryCaseChanged(this.dataSource);
    const versions = outcome.state.status === 'Published' ? outcome.state.versions : [];
    return versions[versions.length - 1];
  }

  async versions(policyId: string): Promise<DunningPolicyVersion[]> {
    await this.seedDefaults();
    const recorded = await this.store.readStream(policyStream(policyId));
    return recorded.map((e) => {
      const data = (e as unknown as PolicyEvent).data;
      let policy: DunningPolicy;
      try {
        policy = validatePolicy(data, policyId);
      } catch (error) {
        const field = error instanceof DomainException ? error.error.field : undefined;
        throw new DomainException(
          domainError('unavailable', 'policy.invalid_on_load', `policy ${policyId} version ${data.version} is invalid: ${(error as Error).message}`, { field: field ?? 'policy', details: { policyId, version: data.version } }),
        );
      }
      return { ...policy, version: data.version, effectiveFrom: data.effectiveFrom };
    });
  }

  /** The first date after `date` on which some policy's next version takes effect. */
  async nextVersionAfter(date: string): Promise<string | undefined> {
    let first: string | undefined;
    for (const { policyId } of DEFAULT_POLICIES) {
      for (const version of await this.versions(policyId)) if (version.effectiveFrom > date && (first === undefined || version.effectiveFrom < first)) first = version.effectiveFrom;
    }
    return first;
  }

  /** Every policy in force on a date, keyed `<segment>.<kind>`. */
  async inForceOn(date: string): Promise<Record<string, DunningPolicyVersion>> {
    const result: Record<string, DunningPolicyVersion> = {};
    for (const { policyId } of DEFAULT_POLICIES) {
      const version = versionOn(await this.versions(policyId), date);
      if (version) result[policyId] = version;
    }
    return result;
  }
}
