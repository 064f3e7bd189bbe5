import { Body, Controller, Get, HttpCode, Inject, Post, Query as QueryParams } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Actor, CLOCK, PersonalDataVault, Roles, type Clock, type ErasureRecord } from '@o2c/kernel';

export class ErasePersonalDataRequest {
  @ApiProperty({ description: 'the data subject: `account:<accountId>:person` (a consumer) or `account:<accountId>:contact:<contactId>`', example: 'account:ACME:contact:contact-1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subjectId!: string;

  @ApiProperty({ description: 'why (e.g. the GDPR request reference)', example: 'GDPR art. 17 request #2026-118' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class ListSubjectsRequest {
  @ApiProperty({ description: 'subjects whose id starts with this, e.g. `account:ACME:`' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  prefix!: string;
}

/**
 * GDPR erasure by crypto-shredding: the subject's key is deleted, so every
 * sealed copy of its personal data (events, messages, views, outboxes) reads
 * as `[erased]`; the events themselves, their hash chain and every balance
 * are untouched. The erasure record keeps no personal data.
 */
@ApiTags('personal data')
@Controller('personal-data')
export class ErasePersonalDataHttpController {
  constructor(
    private readonly vault: PersonalDataVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('erasures')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: "Erase a data subject's personal data (deletes its key; irreversible). Erasing twice returns the first record." })
  erase(@Body() request: ErasePersonalDataRequest, @Actor() actor: string): Promise<ErasureRecord> {
    return this.vault.erase(request.subjectId, actor, request.reason, this.clock.now());
  }

  @Get('subjects')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'The data subjects under a prefix (e.g. every person of an account), held or erased' })
  async subjects(@QueryParams() request: ListSubjectsRequest): Promise<{ subjects: { subjectId: string; state: 'held' | 'erased' }[] }> {
    return { subjects: await this.vault.subjects(request.prefix) };
  }
}
