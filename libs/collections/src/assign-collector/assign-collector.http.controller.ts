import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, Roles } from '@o2c/kernel';
import { httpContext } from '../http/command-context';
import { AssignCollectorCommand } from './assign-collector.command';

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
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('collector')
  @ApiOperation({ summary: 'Assign an account to a collector by hand (rules no longer move it)' })
  assign(@Param('accountId') accountId: string, @Body() body: AssignCollectorDto, @Actor() actor: string) {
    return this.commands.execute(new AssignCollectorCommand(accountId, body.collectorId, body.team, httpContext(actor)));
  }
}
