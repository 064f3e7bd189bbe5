import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@o2c/kernel';
import type { AgencyConfig } from '../agency.config';
import type { ClaimDocument, ClaimTransmission, Transmitted } from './claim-transmission.port';
import { dropClaimDocument } from './file-drop.adapter';
import { postClaimDocument } from './http.adapter';

/**
 * Picks the adapter by the agency's endpoint: a drop folder (`O2C_AGENCY_DROP_DIR`, default `.o2c/agency-drop`) or HTTP.
 * The debtor's personal fields travel sealed through o2c; the agency gets them opened (or `[erased]`).
 */
@Injectable()
export class EndpointClaimTransmission implements ClaimTransmission {
  private readonly dropDir = process.env.O2C_AGENCY_DROP_DIR ?? '.o2c/agency-drop';

  constructor(private readonly vault: PersonalDataVault) {}

  async send(agency: AgencyConfig, document: ClaimDocument): Promise<Transmitted> {
    const opened = await this.vault.open(document);
    return agency.endpoint.kind === 'http' ? postClaimDocument(agency.endpoint.url, opened) : dropClaimDocument(this.dropDir, agency, opened);
  }
}
