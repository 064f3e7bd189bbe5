import type { AgencyConfig } from '../agency.config';
import type { ClaimFile, RecallNotice } from '../claim-file/claim-file';

export type ClaimDocument = { readonly kind: 'placement'; readonly claimId: string; readonly body: ClaimFile } | { readonly kind: 'recall'; readonly claimId: string; readonly body: RecallNotice };

export interface Transmitted {
  readonly via: 'file_drop' | 'http';
  /** The file's path, or the agency's HTTP answer. */
  readonly reference: string;
}

/** The port through which claim files and recalls reach an agency; an adapter per kind of endpoint. Must be idempotent per document. */
export interface ClaimTransmission {
  send(agency: AgencyConfig, document: ClaimDocument): Promise<Transmitted>;
}

export const CLAIM_TRANSMISSION = Symbol('ClaimTransmission');
