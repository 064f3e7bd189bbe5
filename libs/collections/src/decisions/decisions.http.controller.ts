import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainException, domainError } from '@o2c/kernel';
import { CaseStreams } from '../case-store/case.streams';
import { WorklistQueries } from '../projections/worklist/worklist.queries';

/** The automated actions, each with what decided it (policy id and version, step, amounts, days late, risk class, holds considered). */
const DECISION_TYPES = new Set([
  'DunningStepTaken',
  'CallTaskOpened',
  'LatePaymentChargeAssessed',
  'DunningLadderExhausted',
  'LadderEscalated',
  'PromiseToPayKept',
  'PromiseToPayBroken',
  'PaymentPlanInstallmentKept',
  'PaymentPlanInstallmentMissed',
  'PaymentPlanEnded',
  'HoldReleased',
  'CollectorAssigned',
]);

@ApiTags('collections')
@Controller('collections')
export class CollectionsQueriesHttpController {
  constructor(
    private readonly cases: CaseStreams,
    private readonly worklist: WorklistQueries,
  ) {}

  @Get('accounts/:accountId/decisions')
  @ApiOperation({ summary: 'Decision provenance: every automated action on the account and the inputs that decided it' })
  async decisions(@Param('accountId') accountId: string) {
    const history = await this.cases.history(accountId);
    if (!history.length) throw new DomainException(domainError('not_found', 'collections.account_unknown', `no collections case for account ${accountId}`, { field: 'accountId' }));
    return {
      accountId,
      decisions: history
        .filter((e) => DECISION_TYPES.has(e.type) && (e.type !== 'HoldReleased' || String(e.metadata.actor).startsWith('system:')))
        .map((e) => ({ type: e.type, at: e.metadata.occurredAt, actor: e.metadata.actor, revision: e.revision.toString(), ...(e.data as object) })),
    };
  }

  @Get('accounts/:accountId')
  @ApiOperation({ summary: "The account's collections view: profile, open invoices, holds, promises, plans, assignment" })
  async account(@Param('accountId') accountId: string) {
    const state = await this.cases.load(accountId);
    if (state.status === 'Empty') throw new DomainException(domainError('not_found', 'collections.account_unknown', `no collections case for account ${accountId}`, { field: 'accountId' }));
    return { ...state, invoices: Object.values(state.invoices), holds: Object.values(state.holds), promises: Object.values(state.promises), plans: Object.values(state.plans), payments: undefined, lastNotices: undefined };
  }

  @Get('worklist')
  @ApiOperation({ summary: "A collector's (or team's) worklist for a date: priority order, reasons, the score's parts, the next best action" })
  @ApiQuery({ name: 'collectorId', required: false })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'date', required: false, description: 'YYYY-MM-DD, default today' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  worklistPage(@Query('collectorId') collectorId?: string, @Query('team') team?: string, @Query('date') date?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DomainException(domainError('validation', 'request.invalid_date', 'date must be YYYY-MM-DD', { field: 'date' }));
    const n = limit === undefined ? 50 : Number(limit);
    const o = offset === undefined ? 0 : Number(offset);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw new DomainException(domainError('validation', 'request.invalid_limit', 'limit is 1 to 500', { field: 'limit' }));
    if (!Number.isInteger(o) || o < 0) throw new DomainException(domainError('validation', 'request.invalid_offset', 'offset is 0 or more', { field: 'offset' }));
    return this.worklist.page({ collectorId, team, date: date ?? this.cases.today() }, n, o);
  }
}
