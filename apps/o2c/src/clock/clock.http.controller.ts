import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, DomainException, ManualClock, Roles, domainError, type Clock } from '@o2c/kernel';
import { SetClockRequest } from './set-clock.dto';

/** The demo mode: with O2C_CLOCK=manual:<instant>, the calendar moves only when told, so a demo can walk a dunning ladder. */
@ApiTags('clock')
@Controller('clock')
export class ClockHttpController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @Roles('collector', 'credit_manager', 'dispute_handler')
  @ApiOperation({ summary: "The application's current instant and whether it is the manual (demo) clock" })
  @ApiOkResponse({ schema: { example: { now: '2026-12-01T09:00:00.000Z', manual: true } } })
  now(): { now: string; manual: boolean } {
    return { now: this.clock.now().toISOString(), manual: this.clock instanceof ManualClock };
  }

  @Post()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo mode only: set or advance the manual clock' })
  set(@Body() request: SetClockRequest): { now: string; manual: boolean } {
    if (!(this.clock instanceof ManualClock)) {
      throw new DomainException(domainError('conflict', 'clock.not_manual', 'the clock is the system clock; start with O2C_CLOCK=manual:<ISO instant> to move it'));
    }
    if ((request.instant === undefined) === (request.advanceDays === undefined)) {
      throw new DomainException(domainError('validation', 'clock.one_of', 'give exactly one of instant or advanceDays', { field: 'instant' }));
    }
    if (request.instant !== undefined) this.clock.set(request.instant);
    if (request.advanceDays !== undefined) this.clock.advanceDays(request.advanceDays);
    return this.now();
  }
}
