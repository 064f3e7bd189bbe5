import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import type { LogVerificationReport } from './verify-log';
import { VerifyLogQuery } from './verify-log.query';

export class LogProblemView {
  @ApiProperty({ description: '$all position of the problem' }) position!: number;
  @ApiProperty({ nullable: true, type: String, description: 'stream of the event, when known' }) stream!: string | null;
  @ApiProperty({ enum: ['changed', 'removed', 'inserted', 'bad_signature'] }) kind!: 'changed' | 'removed' | 'inserted' | 'bad_signature';
  @ApiProperty() detail!: string;
}

export class LogVerificationView {
  @ApiProperty() eventsVerified!: number;
  @ApiProperty({ description: 'events verified per second' }) perSec!: number;
  @ApiProperty() headPosition!: number;
  @ApiProperty() checkpointsVerified!: number;
  @ApiProperty({ description: 'false when the server has no O2C_AUDIT_KEY: checkpoint signatures were not checked' }) signaturesChecked!: boolean;
  @ApiProperty({ type: [LogProblemView] }) problems!: LogProblemView[];
}

@ApiTags('audit')
@Controller('audit/verify')
export class VerifyLogHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({ summary: 'Verify the tamper-evident log: every event changed, removed or inserted after the fact, and bad checkpoint signatures, by position' })
  @ApiOkResponse({ type: LogVerificationView })
  verify(): Promise<LogVerificationReport> {
    return this.queries.execute(new VerifyLogQuery());
  }
}
