import { Injectable } from '@nestjs/common';
import type { AgencyConfig } from '../agency.config';
import type { ClaimDocument, ClaimTransmission, Transmitted } from './claim-transmission.port';
import { dropClaimDocument } from './file-drop.adapter';
import { postClaimDocument } from './http.adapter';

/** Picks the adapter by the agency's endpoint: a drop folder (`O2C_AGENCY_DROP_DIR`, default `.o2c/agency-drop`) or HTTP. */
@Injectable()
export class EndpointClaimTransmission implements ClaimTransmission {
  private readonly dropDir = process.env.O2C_AGENCY_DROP_DIR ?? '.o2c/agency-drop';

  send(agency: AgencyConfig, document: ClaimDocument): Promise<Transmitted> {
    return agency.endpoint.kind === 'http' ? postClaimDocument(agency.endpoint.url, document) : dropClaimDocument(this.dropDir, agency, document);
  }
}
