import type { BoundedContext } from '@o2c/contracts';
import type { AgencyPolicy } from '../agency.config';

/** What can be asked of a debtor file. "Today" arrives in the command. */
export type DebtorFileCommand =
  | { type: 'NoteFact'; accountId: string; source: BoundedContext; factType: string; data: Record<string, unknown>; messageId: string; occurredAt: string }
  /** The daily rule: places the account when a placement rule holds; nothing otherwise. */
  | { type: 'EvaluatePlacement'; accountId: string; today: string; policy: AgencyPolicy }
  /** A collector's decision: placed with the agency named, whatever the rules say (blockers still hold). */
  | { type: 'PlaceByHand'; accountId: string; today: string; agencyId: string; reason: string; policy: AgencyPolicy }
  | { type: 'EndClaim'; accountId: string; claimId: string; outcome: 'recovered' | 'uncollectable' | 'recalled' };
