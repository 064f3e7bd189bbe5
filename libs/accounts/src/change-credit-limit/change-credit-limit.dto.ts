import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

export class ChangeCreditLimitRequest {
  @ApiProperty({ description: 'the new limit in minor units of the account currency', example: 2_500_000 })
  @IsInt({ message: 'creditLimitMinor must be an integer number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  creditLimitMinor!: number;

  @ApiProperty({ example: 'bank guarantee received' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
