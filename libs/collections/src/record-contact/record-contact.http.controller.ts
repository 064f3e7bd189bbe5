import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CONTACT_OUTCOMES, DUNNING_CHANNELS, type ContactOutcome, type DunningChannel } from '@o2c/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import { RecordContactCommand } from './record-contact.command';

export class RecordContactDto {
  @ApiProperty()
  @IsString()
  collectorId!: string;

  @ApiProperty({ enum: [...DUNNING_CHANNELS, 'phone'] })
  @IsIn([...DUNNING_CHANNELS, 'phone'])
  channel!: DunningChannel | 'phone';

  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES)
  outcome!: ContactOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  contactId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@ApiTags('collections')
@Controller('collections/accounts/:accountId/contacts')
export class RecordContactHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @ApiOperation({ summary: 'Record a contact outcome from the worklist (reached, no_answer, wrong_contact, promise, dispute_raised, plan_proposed); closes the open call tasks unless unanswered' })
  record(@Param('accountId') accountId: string, @Body() body: RecordContactDto, @Actor() actor: string) {
    return this.commands.execute(new RecordContactCommand(accountId, { ...body }, httpContext(actor)));
  }
}
