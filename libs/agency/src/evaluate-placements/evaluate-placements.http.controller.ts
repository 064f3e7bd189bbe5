import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@o2c/kernel';
import { EvaluatePlacementsDto, EvaluationView } from './evaluate-placements.dto';
import { EvaluatePlacementsCommand } from './evaluate-placements.command';

@ApiTags('agency')
@Controller('agency/evaluations')
export class EvaluatePlacementsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the daily placement evaluation for a day (it also runs by itself when the clock changes day); idempotent per day' })
  @ApiOkResponse({ type: EvaluationView })
  evaluate(@Body() body: EvaluatePlacementsDto): Promise<EvaluationView> {
    return this.commands.execute(new EvaluatePlacementsCommand(body.date));
  }
}
