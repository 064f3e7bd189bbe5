import { applyDecorators, Injectable, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { DomainException, domainError, withReadModelTables } from '@o2c/kernel';
import { Matches, IsOptional } from 'class-validator';
import { from, switchMap, type Observable } from 'rxjs';
import { ContextHost } from './context-host.service';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const AS_OF_DESCRIPTION =
  'An ISO 8601 instant (e.g. 2026-11-25T12:00:00Z): answer from the view as the business knew it then, i.e. from the events recorded up to that instant (the view is rebuilt up to the last position recorded at or before it, once, then cached by position). Default: the live view.';

/** The UTC day of an instant, or the day itself. */
export const dayOf = (asOf: string): string => (DAY.test(asOf) ? asOf : new Date(asOf).toISOString().slice(0, 10));
export const isInstant = (value: string): boolean => INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());

/** Adds `asOf` to a query DTO (forbidNonWhitelisted refuses undeclared fields); documented in OpenAPI. */
export class ViewAsOfQuery {
  @ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2026-11-25T12:00:00Z' })
  @IsOptional()
  @Matches(INSTANT, { message: 'asOf must be an ISO 8601 instant with a time zone (e.g. 2026-11-25T12:00:00Z)' })
  asOf?: string;
}

/**
 * With `?asOf=<instant>`, the handler's queries run against every view as of that instant (kernel ViewsAsOf through a
 * read-model redirect): the view's own queries, unchanged, on a table folded up to then. Without it, the live views.
 * `allowDays`: a plain day (YYYY-MM-DD) passes through to the handler untouched (endpoints where asOf already meant a day).
 */
@Injectable()
export class ViewAsOfInterceptor implements NestInterceptor {
  constructor(private readonly host: ContextHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ query?: Record<string, unknown> }>();
    const raw = request.query?.asOf;
    if (raw === undefined) return next.handle();
    if (typeof raw === 'string' && DAY.test(raw) && Reflect.getMetadata(ALLOW_DAYS, context.getHandler())) return next.handle();
    if (typeof raw !== 'string' || !isInstant(raw)) {
      throw new DomainException(domainError('validation', 'request.invalid_as_of', 'asOf must be an ISO 8601 instant with a time zone (e.g. 2026-11-25T12:00:00Z)', { field: 'asOf' }));
    }
    const views = this.host.viewsAsOf();
    return from(views.positionAt(new Date(raw)).then((position) => views.redirectAt(position))).pipe(switchMap((redirect) => withReadModelTables(redirect, () => next.handle())));
  }
}

const ALLOW_DAYS = 'o2c:view-as-of:allow-days';

/** Declares `asOf` on a view's query endpoint (see ViewAsOfInterceptor). `dto`: the query DTO already declares it (ViewAsOfQuery). */
export function ViewAsOf(options: { dto?: boolean; allowDays?: boolean } = {}): MethodDecorator {
  const decorators: MethodDecorator[] = [UseInterceptors(ViewAsOfInterceptor)];
  if (!options.dto) decorators.push(ApiQuery({ name: 'asOf', required: false, description: AS_OF_DESCRIPTION, example: '2026-11-25T12:00:00Z' }));
  if (options.allowDays) decorators.push((target, key, descriptor) => Reflect.defineMetadata(ALLOW_DAYS, true, descriptor.value as object));
  return applyDecorators(...decorators);
}
