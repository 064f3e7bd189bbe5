import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AssignOwnerDto {
  @ApiProperty({ description: 'One of the configured owners (their manager and team come with them)', example: 'billing-desk' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  ownerId!: string;
}
