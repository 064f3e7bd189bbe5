import { ApiProperty } from '@nestjs/swagger';

export class RecallView {
  @ApiProperty({ enum: ['recalled', 'already_recalled'] })
  outcome!: string;
  @ApiProperty()
  claimId!: string;
}
