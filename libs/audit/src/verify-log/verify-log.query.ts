import { Query } from '@nestjs/cqrs';
import type { LogVerificationReport } from './verify-log';

export class VerifyLogQuery extends Query<LogVerificationReport> {}
