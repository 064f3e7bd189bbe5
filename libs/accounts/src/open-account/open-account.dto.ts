import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACCOUNT_KINDS, CHANNELS, CONTACT_ROLES, SEGMENTS, type AccountKind, type Channel, type ContactRole, type Segment } from '@o2c/contracts';
import { MAX_PAYMENT_TERMS_DAYS } from '../account/decide';

export const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const ACCOUNT_ID_MESSAGE = 'accountId must be 1-100 letters, digits, or _ . : - (starting with a letter or digit)';

export class ContactDto {
  @ApiPropertyOptional({ description: 'default contact-<n> in declaration order', example: 'contact-1' })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'contactId must be 1-100 letters, digits, or _ . : -' })
  contactId?: string;

  @ApiProperty({ example: 'Claire Martin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: CONTACT_ROLES, description: 'payment matters go to the accountant, not the buyer' })
  @IsIn(CONTACT_ROLES)
  role!: ContactRole;

  @ApiPropertyOptional({ example: 'compta@acme.example' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '+33142000000' })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{6,30}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  preferredChannel!: Channel;
}

export class OpenAccountRequest {
  @ApiProperty({ example: 'ACME' })
  @Matches(ACCOUNT_ID, { message: ACCOUNT_ID_MESSAGE })
  accountId!: string;

  @ApiProperty({ example: 'Acme Fournitures SAS' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  legalName!: string;

  @ApiProperty({ enum: ACCOUNT_KINDS })
  @IsIn(ACCOUNT_KINDS)
  kind!: AccountKind;

  @ApiProperty({ enum: SEGMENTS })
  @IsIn(SEGMENTS)
  segment!: Segment;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2; default FR', example: 'FR' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as FR' })
  country?: string;

  @ApiPropertyOptional({ description: '9 digits with a valid Luhn key; required for b2b in FR unless a siret is given', example: '552100554' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  siren?: string;

  @ApiPropertyOptional({ description: '14 digits (siren + establishment) with a valid key', example: '55210055400013' })
  @IsOptional()
  @IsString()
  @MaxLength(25)
  siret?: string;

  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;

  @ApiProperty({ example: 30, minimum: 0, maximum: MAX_PAYMENT_TERMS_DAYS })
  @IsInt()
  @Min(0)
  @Max(MAX_PAYMENT_TERMS_DAYS)
  paymentTermsDays!: number;

  @ApiProperty({ type: [ContactDto] })
  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Type(() => ContactDto)
  contacts!: ContactDto[];

  @ApiPropertyOptional({ example: 'Ile-de-France' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;

  @ApiPropertyOptional({ description: 'declared annual revenue, minor units (raises the opening limit)' })
  @IsOptional()
  @IsInt({ message: 'declaredAnnualRevenueMinor must be an integer number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  declaredAnnualRevenueMinor?: number;

  @ApiPropertyOptional({ description: 'expected monthly order volume, minor units (raises the opening limit)' })
  @IsOptional()
  @IsInt({ message: 'expectedMonthlyVolumeMinor must be an integer number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  expectedMonthlyVolumeMinor?: number;
}
