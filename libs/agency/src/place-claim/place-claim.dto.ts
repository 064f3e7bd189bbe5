import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class PlaceClaimDto {
  @ApiProperty({ example: 'ACME' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'accountId must be 1-100 letters, digits, or _ . : -' })
  accountId!: string;

  @ApiProperty({ example: 'intrum', description: 'A configured agency id' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, { message: 'agencyId must be a configured agency id (lower-case letters, digits, -)' })
  agencyId!: string;

  @ApiProperty({ example: 'dialogue no longer possible' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ClaimPlacedView {
  @ApiProperty({ enum: ['placed'] })
  outcome!: string;
  @ApiProperty({ example: 'ACME-1' })
  claimId!: string;
}
