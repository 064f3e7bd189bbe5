import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { OpenDisputeDto } from '../open-dispute/open-dispute.dto';

export class OpenDisputeFromWorklistDto extends OpenDisputeDto {
  @ApiProperty({ description: "The worklist row's account: the invoice must be one of its invoices", example: 'ACME' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  accountId!: string;
}
