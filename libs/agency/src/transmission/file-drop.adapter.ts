import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AgencyConfig } from '../agency.config';
import type { ClaimDocument, Transmitted } from './claim-transmission.port';

/**
 * Drops `<dir>/<agencyId>/<claimId>.<placement|recall>.json` (written to a
 * temporary name, then renamed: the agency never reads half a file). A
 * resend writes the same file again.
 */
export async function dropClaimDocument(dropDir: string, agency: AgencyConfig, document: ClaimDocument): Promise<Transmitted> {
  const dir = resolve(agency.endpoint.kind === 'file_drop' && agency.endpoint.dir ? agency.endpoint.dir : join(dropDir, agency.agencyId));
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${document.claimId}.${document.kind}.json`);
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, `${JSON.stringify(document.body, null, 2)}\n`, 'utf8');
  await rename(temporary, path);
  return { via: 'file_drop', reference: path };
}
