import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgencyService } from '../agency.service';
import { EvaluatePlacementsDto, EvaluationView } from './evaluate-placements.dto';

@ApiTags('agency')
@Controller('agency/evaluations')
export class EvaluatePlacementsHttpController {
  constructor(private readonly agency: AgencyService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the daily placement evaluation for a day (it also runs by itself when the clock changes day); idempotent per day' })
  @ApiOkResponse({ type: EvaluationView })
  evaluate(@Body() body: EvaluatePlacementsDto): Promise<EvaluationView> {
    return this.agency.evaluate(body.date ?? this.agency.today());
  }
}
