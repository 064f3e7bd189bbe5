import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CaseStreams } from '../case-store/case.streams';
import { ACTOR_HEADER, Actor } from '../http/actor.decorator';
import { httpContext } from '../http/command-context';

export class AssignCollectorDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  collectorId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  team!: string;
}

@ApiTags('collections')
@Controller('collections/accounts/:accountId/assignment')
export class AssignCollectorHttpController {
  constructor(private readonly cases: CaseStreams) {}

  @Post()
  @ApiOperation({ summary: 'Assign an account to a collector by hand (rules no longer move it)' })
  @ApiHeader({ name: ACTOR_HEADER, required: false })
  async assign(@Param('accountId') accountId: string, @Body() body: AssignCollectorDto, @Actor() actor: string) {
    await this.cases.execute({ type: 'AssignCollector', accountId, collectorId: body.collectorId, team: body.team }, httpContext(actor));
    return { accountId, collectorId: body.collectorId, team: body.team, by: 'manual' };
  }
}
