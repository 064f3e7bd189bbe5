import { getIn } from '@o2c/kernel';
import type { ContactV1 } from '@o2c/contracts';
import type { RecallReason } from '../debtor-file/events';
import type { DisputeOnFile, HistoryEntry, OpenDebtorFile } from '../debtor-file/state';
import type { ClaimEventOf } from '../claim/events';

/** The claim file sent with a placement (format documented in libs/agency/README.md). */
export interface ClaimFile {
  readonly format: 'o2c.agency.claim-file';
  readonly version: 1;
  readonly claimId: string;
  readonly agencyId: string;
  readonly placedOn: string;
  readonly rule: string;
  readonly reason: string;
  readonly debtor: {
    readonly accountId: string;
    readonly legalName?: string;
    readonly kind?: string;
    readonly segment?: string;
    readonly siren?: string;
    readonly region?: string;
    readonly country?: string;
  };
  readonly contacts: readonly ContactV1[];
  readonly currency: string;
  readonly totalMinor: number;
  readonly commissionRateBp: number;
  readonly invoices: readonly { readonly invoiceId: string; readonly issuedOn?: string; readonly dueOn: string; readonly totalMinor?: number; readonly openAmountMinor: number }[];
  /** The dunning and contact history, oldest first: reminders, formal notice, contact outcomes, promises to pay, payment plans. */
  readonly history: readonly HistoryEntry[];
  readonly disputes: readonly DisputeOnFile[];
  /** Where the agency reports back (paths on our API). */
  readonly callbacks: { readonly status: string; readonly recoveries: string };
}

export interface RecallNotice {
  readonly format: 'o2c.agency.recall';
  readonly version: 1;
  readonly claimId: string;
  readonly agencyId: string;
  readonly accountId: string;
  readonly reason: RecallReason;
  readonly recalledOn: string;
}

export function claimFileOf(file: OpenDebtorFile, placed: ClaimEventOf<'ClaimPlaced'>['data']): ClaimFile {
  const a = file.account;
  return {
    format: 'o2c.agency.claim-file',
    version: 1,
    claimId: placed.claimId,
    agencyId: placed.agencyId,
    placedOn: placed.placedOn,
    rule: placed.ruleId,
    reason: placed.reason,
    debtor: { accountId: file.accountId, legalName: a?.legalName, kind: a?.kind, segment: a?.segment, siren: a?.siren, region: a?.region, country: a?.country ?? (a ? 'FR' : undefined) },
    contacts: a?.contacts ?? [],
    currency: placed.currency,
    totalMinor: placed.totalMinor,
    commissionRateBp: placed.commissionRateBp,
    invoices: placed.invoices.map((i) => {
      const known = getIn(file.invoices, i.invoiceId);
      return { invoiceId: i.invoiceId, issuedOn: known?.issuedOn, dueOn: i.dueOn, totalMinor: known?.totalMinor, openAmountMinor: i.openAmountMinor };
    }),
    history: [...file.history].sort((x, y) => x.at.localeCompare(y.at)),
    disputes: [...file.disputes.values()],
    callbacks: { status: `/agency/claims/${placed.claimId}/status`, recoveries: `/agency/claims/${placed.claimId}/recoveries` },
  };
}
