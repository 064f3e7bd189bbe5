import { DomainException, domainError } from '@o2c/kernel';
import type { ClaimDocument, Transmitted } from './claim-transmission.port';

/**
 * POSTs the document as JSON to `<url>/placements` or `<url>/recalls` with an
 * `Idempotency-Key` header (the claim id; `<claimId>:recall` for a recall), so
 * the agency recognises a resend. Anything but 2xx is `unavailable`: the
 * claim stays unsent and the next evaluation sends it again.
 */
export async function postClaimDocument(url: string, document: ClaimDocument, timeoutMs = 10_000): Promise<Transmitted> {
  const target = `${url.replace(/\/$/, '')}/${document.kind === 'placement' ? 'placements' : 'recalls'}`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': document.kind === 'placement' ? document.claimId : `${document.claimId}:recall` },
      body: JSON.stringify(document.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new DomainException(domainError('unavailable', 'agency.transmission_failed', `${target}: ${error instanceof Error ? error.message : String(error)}`));
  }
  const text = await response.text();
  if (!response.ok) throw new DomainException(domainError('unavailable', 'agency.transmission_failed', `${target} answered ${response.status}: ${text.slice(0, 200)}`));
  return { via: 'http', reference: `${response.status} ${text.slice(0, 200)}` };
}
