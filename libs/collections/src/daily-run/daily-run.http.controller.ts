import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '@o2c/kernel';
import { RunDunningDayCommand } from './daily-run.command';
import type { DailyRunReport } from './daily-run.service';

export class RunDto {
  @ApiPropertyOptional({ description: 'The day to run (YYYY-MM-DD); default today by the clock' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

@ApiTags('collections')
@Controller('collections/runs')
export class DailyRunHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the dunning policies for a day (idempotent: a second run of the same day sends nothing twice; resumes an interrupted run)' })
  run(@Body() body: RunDto): Promise<DailyRunReport> {
    return this.commands.execute(new RunDunningDayCommand(body.date));
  }
}
