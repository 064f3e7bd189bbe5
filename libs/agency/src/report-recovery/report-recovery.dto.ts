import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { IsIsoDate } from '../http/iso-date';

export class ReportRecoveryDto {
  @ApiProperty({ description: "The agency's id of this recovery: a repeat with the same id is a no-op", example: 'INTRUM-778' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'recoveryId must be 1-100 letters, digits, or _ . : -' })
  recoveryId!: string;

  @ApiProperty({ example: 'INV-ORD-1' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,119}$/, { message: 'invoiceId must be 1-120 letters, digits, or _ . : -' })
  invoiceId!: string;

  @ApiProperty({ description: 'Integer minor units collected, commission not deducted', example: 20_000, minimum: 1 })
  @IsInt({ message: 'amountMinor must be an integer number of minor units' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor!: number;

  @ApiProperty({ example: '2026-11-20' })
  @IsIsoDate('recoveredOn')
  recoveredOn!: string;
}

export class RecoveryView {
  @ApiProperty({ enum: ['recovery_recorded', 'already_handled'] })
  outcome!: string;
  @ApiProperty()
  claimId!: string;
  @ApiProperty()
  recoveryId!: string;
  @ApiProperty({ description: "The agency's commission on it (minor units)" })
  commissionMinor!: number;
  @ApiProperty({ description: 'Recovered on the claim so far' })
  recoveredMinor!: number;
}
