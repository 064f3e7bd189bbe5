import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainException, httpStatusOf } from '../errors/domain-error';

/** The one place where errors become HTTP: DomainErrors by their kind, Nest's own exceptions as they are, the rest 500. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainException) {
      const { kind, code, message, field, details } = exception.error;
      response.status(httpStatusOf(exception.error)).json({ error: { kind, code, message, field, details } });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response.status(exception.getStatus()).json(typeof body === 'string' ? { error: { code: 'http', message: body } } : body);
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(500).json({ error: { kind: 'internal', code: 'internal', message: 'internal error' } });
  }
}
