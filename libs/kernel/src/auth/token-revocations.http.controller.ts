import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Actor } from './actor.decorator';
import { Roles } from './roles.decorator';
import { TokenRevocations, type RevokeRequest, type TokenRevocation } from './token-revocations';

export class RevokeTokensRequest {
  @ApiPropertyOptional({ description: "one token: its id (the `jti` claim; `npm run o2c -- token` prints it on stderr)", example: '0b6f4c1e-4f7e-4f43-9d43-6a3cf2f5b1f2' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  jti?: string;

  @ApiPropertyOptional({ description: 'every token of this subject (the `sub` claim) issued up to `issuedBefore`', example: 'alice' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ description: 'with `subject`: tokens issued at or before this instant (to the second) are revoked; default now; never in the future', example: '2026-12-01T09:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  issuedBefore?: string;

  @ApiProperty({ description: 'why (the incident, who asked): kept with who revoked and when', example: 'token pasted in ticket #4521' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

/** Revocation of bearer tokens: one by its id, or every token of a subject issued up to an instant. Rows are never changed or deleted. */
@ApiTags('auth')
@Controller('auth/revocations')
export class TokenRevocationsHttpController {
  constructor(@Inject(TokenRevocations) private readonly revocations: TokenRevocations) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke one token (jti) or every token of a subject issued up to an instant; answered 401 auth.token_revoked from then on (in other processes within their cache bound, 5 s by default)' })
  revoke(@Body() request: RevokeTokensRequest, @Actor() actor: string): Promise<TokenRevocation> {
    const target: RevokeRequest = { jti: request.jti, subject: request.subject, issuedBefore: request.issuedBefore === undefined ? undefined : new Date(request.issuedBefore), reason: request.reason };
    return this.revocations.revoke(target, actor);
  }

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Every revocation, newest first: what, who revoked it, when and why' })
  async list(): Promise<{ revocations: TokenRevocation[] }> {
    return { revocations: await this.revocations.list() };
  }
}
