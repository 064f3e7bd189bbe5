import type { RecallReason } from '../debtor-file/events';
import type { AgencyStatus, ClaimEventOf } from './events';

export type ClaimCommand =
  | { type: 'PlaceClaim'; claim: ClaimEventOf<'ClaimPlaced'>['data'] }
  | { type: 'RecordFileSent'; claimId: string; via: 'file_drop' | 'http'; reference: string }
  | { type: 'ReportStatus'; claimId: string; status: AgencyStatus; note?: string; at: string }
  | { type: 'ReportRecovery'; claimId: string; recoveryId: string; invoiceId: string; amountMinor: number; recoveredOn: string }
  | { type: 'Recall'; claimId: string; reason: RecallReason; recalledBy: string; on: string }
  | { type: 'RecordRecallSent'; claimId: string; via: 'file_drop' | 'http'; reference: string };
