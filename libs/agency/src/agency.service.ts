import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BoundedContext } from '@o2c/contracts';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, DomainException, domainError, getIn, handleCommand, readModelEntity, StreamCommandQueue, StreamStateCache, streamCacheSize, type Clock, type CommandContext } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AGENCY_POLICY, type AgencyConfig, type AgencyPolicy } from './agency.config';
import { claimDecider } from './claim/claim.decider';
import { commissionOf } from './claim/decide';
import type { ClaimCommand } from './claim/commands';
import { claimStream, type AgencyStatus, type ClaimEvent } from './claim/events';
import type { ClaimState } from './claim/state';
import { claimFileOf } from './claim-file/claim-file';
import type { DebtorFileCommand } from './debtor-file/commands';
import { debtorFileDecider } from './debtor-file/debtor-file.decider';
import { debtorFileStream, type DebtorFileEvent, type DebtorFileEventOf, type RecallReason } from './debtor-file/events';
import type { ClaimOnFile, DebtorFileState, OpenDebtorFile } from './debtor-file/state';
import { debtorFilesProjection } from './projections/debtor-files/debtor-files.projection';
import { CLAIM_TRANSMISSION, type ClaimTransmission } from './transmission/claim-transmission.port';

export const EVALUATION_ACTOR = 'system:agency.evaluation';
export const RECALL_ACTOR = 'system:agency.recall';

const utcDate = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * The I/O around the two deciders: debtor files (facts and placement
 * decisions) and claims (the claim's life with its agency), plus sending
 * claim files and recalls through the transmission port.
 * Every step is idempotent, so a re-run (the next evaluation, a redelivered
 * fact) completes what a crash left half done: a decided placement whose
 * claim was not yet written or sent is written and sent then.
 */
@Injectable()
export class AgencyService {
  private readonly logger = new Logger('AgencyService');
  // Every fact of an account lands on its file: a file that fell out of the cache is read whole again (5,000 thrashed at 10,000 accounts).
  private readonly files = new StreamStateCache<DebtorFileState>(streamCacheSize(20_000));
  private readonly claims = new StreamStateCache<ClaimState>(5_000);
  /**
   * Every command on a debtor file goes through one queue per file: the facts of one account that arrive together (a
   * consumer batch) are decided together and appended in one append; at most 64 files are read and appended at once.
   */
  private readonly fileCommands: StreamCommandQueue<DebtorFileCommand, DebtorFileEvent, DebtorFileState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_POLICY) readonly policy: AgencyPolicy,
    @Inject(CLAIM_TRANSMISSION) private readonly transmission: ClaimTransmission,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
  ) {
    this.fileCommands = new StreamCommandQueue(store, debtorFileDecider, { clock, cache: this.files, maxRetries: 10, maxStreams: 64 });
  }

  today(): string {
    return utcDate(this.clock.now());
  }

  private onFile(command: DebtorFileCommand, context: CommandContext) {
    return this.fileCommands.execute(debtorFileStream(command.accountId), command, context);
  }

  private onClaim(claimId: string, command: ClaimCommand, context: CommandContext) {
    return handleCommand(this.store, claimStream(claimId), claimDecider, command, context, { clock: this.clock, cache: this.claims, maxRetries: 10 });
  }

  agency(agencyId: string): AgencyConfig {
    const agency = this.policy.agencies.find((a) => a.agencyId === agencyId);
    if (!agency) throw new DomainException(domainError('not_found', 'agency.agency_unknown', `agency "${agencyId}" is not configured`, { field: 'agencyId' }));
    return agency;
  }

  /** An upstream fact onto the account's debtor file; a recall it calls for is carried out at once. */
  async noteFact(source: BoundedContext, factType: string, data: Record<string, unknown>, meta: { messageId: string; correlationId: string; occurredAt: string }): Promise<void> {
    const accountId = String(data.accountId);
    const outcome = await this.onFile(
      { type: 'NoteFact', accountId, source, factType, data, messageId: meta.messageId, occurredAt: meta.occurredAt },
      { causationId: meta.messageId, commandId: `${source}:${meta.messageId}`, correlationId: meta.correlationId, actor: `system:agency.${source}` },
    );
    // A redelivery (already handled) re-drives a recall the first delivery may not have finished.
    const file = outcome.state.status === 'Open' ? outcome.state : undefined;
    for (const claim of file ? [...file.claims.values()].filter((c) => c.status === 'recall_requested') : []) {
      try {
        // The notice to the agency is I/O: sent after the consumer's transaction, not inside it (the next evaluation retries a failure).
        await this.recall(claim.claimId, claim.recallReason ?? 'manual', RECALL_ACTOR, meta.correlationId, { noticeLater: true });
      } catch (error) {
        // Closed meanwhile (recovered, uncollectable): nothing to recall; the file only has to learn it ended.
        if (!(error instanceof DomainException && error.error.code === 'agency.claim_closed')) throw error;
        await this.finishClosed(await this.claimState(claim.claimId), RECALL_ACTOR, meta.correlationId);
      }
    }
  }

  private async claimState(claimId: string): Promise<ClaimState> {
    const recorded = await this.store.readStream(claimStream(claimId));
    return recorded.reduce<ClaimState>((state, e) => claimDecider.evolve(state, { type: e.type, data: e.data } as ClaimEvent), claimDecider.initialState());
  }

  /** The daily evaluation of every account with something open (or a claim out): places what the rules say. */
  async evaluate(date: string): Promise<{ date: string; evaluated: number; placed: string[] }> {
    const rows = await this.dataSource
      .getRepository(readModelEntity(debtorFilesProjection))
      .createQueryBuilder('f')
      .where('f.open_minor > 0 OR f.active_claim_id IS NOT NULL')
      .orderBy('f.account_id')
      .getMany();
    const placed: string[] = [];
    for (const row of rows) {
      const context = { causationId: `evaluation:${date}`, commandId: `evaluation:${date}`, actor: EVALUATION_ACTOR };
      const outcome = await this.onFile({ type: 'EvaluatePlacement', accountId: row.accountId, today: date, policy: this.policy }, context);
      const decided = outcome.newEvents.find((e): e is DebtorFileEventOf<'ClaimPlacementDecided'> => e.type === 'ClaimPlacementDecided');
      if (decided) placed.push(decided.data.claimId);
      if (outcome.state.status === 'Open') await this.completePlacements(outcome.state, EVALUATION_ACTOR, `evaluation:${date}`);
    }
    return { date, evaluated: rows.length, placed };
  }

  /** A collector's decision: the account goes to the agency named. */
  async placeByHand(accountId: string, agencyId: string, reason: string, actor: string): Promise<string> {
    this.agency(agencyId);
    const requestId = randomUUID();
    const outcome = await this.onFile({ type: 'PlaceByHand', accountId, agencyId, reason, today: this.today(), policy: this.policy }, { causationId: requestId, actor });
    const decided = outcome.newEvents.find((e): e is DebtorFileEventOf<'ClaimPlacementDecided'> => e.type === 'ClaimPlacementDecided')!;
    if (outcome.state.status === 'Open') await this.completePlacements(outcome.state, actor, requestId);
    return decided.data.claimId;
  }

  /**
   * Finishes what the file says is under way: writes and sends the claim of a
   * decided placement, carries out a requested recall, and ends on the file a
   * claim that closed (sending a recall notice that had failed).
   */
  private async completePlacements(file: OpenDebtorFile, actor: string, correlationId: string): Promise<void> {
    for (const claim of file.claims.values()) {
      try {
        if (claim.status === 'recall_requested') await this.recall(claim.claimId, claim.recallReason ?? 'manual', RECALL_ACTOR, correlationId);
        else if (claim.status === 'active') await this.completePlacement(file, claim, actor, correlationId);
      } catch (error) {
        // Left as it is; the next evaluation tries again.
        this.logger.warn(`claim ${claim.claimId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async completePlacement(file: OpenDebtorFile, claim: ClaimOnFile, actor: string, correlationId: string): Promise<void> {
    const agency = this.agency(claim.agencyId);
    const placedData = {
      claimId: claim.claimId,
      accountId: file.accountId,
      agencyId: claim.agencyId,
      ruleId: claim.ruleId,
      reason: claim.reason,
      invoices: claim.invoiceIds.map((invoiceId) => {
        const invoice = getIn(file.invoices, invoiceId);
        return { invoiceId, dueOn: invoice?.dueOn ?? '', openAmountMinor: invoice?.openAmountMinor ?? 0 };
      }),
      totalMinor: claim.totalMinor,
      currency: claim.currency,
      commissionRateBp: agency.commissionRateBp,
      placedOn: claim.placedOn,
      placedBy: actor,
    };
    const context = { causationId: `place:${claim.claimId}`, commandId: `place:${claim.claimId}`, correlationId, actor };
    const placed = await this.onClaim(claim.claimId, { type: 'PlaceClaim', claim: placedData }, context);
    const state = placed.state;
    if (state.status === 'Closed') return this.finishClosed(state, actor, correlationId);
    if (state.status !== 'Active' || state.fileSent) return;
    const sent = await this.transmission.send(agency, { kind: 'placement', claimId: claim.claimId, body: claimFileOf(file, state.placed) });
    await this.onClaim(claim.claimId, { type: 'RecordFileSent', claimId: claim.claimId, ...sent }, { causationId: `sent:${claim.claimId}`, correlationId, actor });
  }

  async reportStatus(claimId: string, status: AgencyStatus, note: string | undefined, actor: string): Promise<ClaimEvent[]> {
    const outcome = await this.onClaim(claimId, { type: 'ReportStatus', claimId, status, note, at: this.clock.now().toISOString() }, { causationId: randomUUID(), actor });
    await this.finishClosed(outcome.state, actor);
    return [...outcome.newEvents];
  }

  async reportRecovery(claimId: string, recovery: { recoveryId: string; invoiceId: string; amountMinor: number; recoveredOn: string }, actor: string) {
    const outcome = await this.onClaim(claimId, { type: 'ReportRecovery', claimId, ...recovery }, { causationId: randomUUID(), actor });
    const state = outcome.state;
    if (state.status === 'Empty') throw new Error('unreachable: a recovery was accepted on an empty claim');
    const commissionMinor = (outcome.newEvents[0] as Extract<ClaimEvent, { type: 'AgencyRecoveryReported' }> | undefined)?.data.commissionMinor;
    return {
      outcome: outcome.newEvents.length ? 'recovery_recorded' : 'already_handled',
      claimId,
      recoveryId: recovery.recoveryId,
      commissionMinor: commissionMinor ?? commissionOf(recovery.amountMinor, state.placed.commissionRateBp),
      recoveredMinor: state.recoveredMinor,
    };
  }

  /** Withdraws the claim, tells the agency, then frees the account on its file (a failed notice leaves the file as it was: retried by the next evaluation). */
  async recall(claimId: string, reason: RecallReason, actor: string, correlationId?: string, options: { noticeLater?: boolean } = {}): Promise<{ outcome: string; claimId: string }> {
    const outcome = await this.onClaim(claimId, { type: 'Recall', claimId, reason, recalledBy: actor, on: this.today() }, { causationId: `recall:${claimId}`, correlationId, actor });
    if (options.noticeLater) {
      setImmediate(() => void this.finishClosed(outcome.state, actor, correlationId).catch((error: unknown) => this.logger.warn(`recall notice ${claimId}: ${error instanceof Error ? error.message : String(error)}`)));
    } else {
      await this.finishClosed(outcome.state, actor, correlationId);
    }
    return { outcome: outcome.newEvents.length ? 'recalled' : 'already_recalled', claimId };
  }

  private async finishClosed(state: ClaimState, actor: string, correlationId?: string): Promise<void> {
    if (state.status !== 'Closed') return;
    const p = state.placed;
    if (state.outcome === 'recalled' && state.recall && !state.recallSent) {
      const sent = await this.transmission.send(this.agency(p.agencyId), {
        kind: 'recall',
        claimId: p.claimId,
        body: { format: 'o2c.agency.recall', version: 1, claimId: p.claimId, agencyId: p.agencyId, accountId: p.accountId, reason: state.recall.reason, recalledOn: state.recall.on },
      });
      await this.onClaim(p.claimId, { type: 'RecordRecallSent', claimId: p.claimId, ...sent }, { causationId: `recall-sent:${p.claimId}`, correlationId, actor });
    }
    await this.onFile({ type: 'EndClaim', accountId: p.accountId, claimId: p.claimId, outcome: state.outcome }, { causationId: `end:${p.claimId}`, correlationId, actor });
  }

  /** The debtor file as the agency context knows it (for the claim view and tests). */
  async fileOf(accountId: string): Promise<DebtorFileState> {
    const recorded = await this.store.readStream(debtorFileStream(accountId));
    return recorded.reduce<DebtorFileState>((state, e) => debtorFileDecider.evolve(state, { type: e.type, data: e.data } as DebtorFileEvent), debtorFileDecider.initialState());
  }
}
