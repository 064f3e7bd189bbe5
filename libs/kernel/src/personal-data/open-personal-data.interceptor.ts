import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { mergeMap, type Observable } from 'rxjs';
import type { PersonalDataVault } from './personal-data-vault';

/**
 * Every HTTP response body goes out with its sealed personal fields opened,
 * or `[erased]` once their subject was erased: views, accounts, audit reads
 * alike, so no endpoint has to remember it. Streamed bodies (NDJSON export)
 * keep the sealed text.
 */
export class OpenPersonalDataInterceptor implements NestInterceptor {
  constructor(private readonly vault: PersonalDataVault) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(mergeMap((body: unknown) => (body && typeof body === 'object' ? this.vault.open(body) : Promise.resolve(body))));
  }
}
