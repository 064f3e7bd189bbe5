import type { Command } from 'commander';
import { actorOf, authSecretFromEnv, isRole, ROLES, signToken, SUBJECT, TokenRevocations, verifyToken, type Role, type TokenRevocation } from '@o2c/kernel';
import { databaseUrl, type Global } from './database';

/**
 * `o2c token --role <role> --subject <who>`: a bearer token signed with the
 * deployment's secret (O2C_AUTH_SECRET, else the demo file `npm start` created);
 * its id (jti) on stderr, to revoke it alone later.
 * `o2c token revoke (--jti <id> | --subject <who> [--issued-before <instant>]) --reason <why> --by <who>`
 * and `o2c token revocations`: the same table as POST/GET /auth/revocations.
 */
export function registerTokenCommand(program: Command): void {
  const token = program
    .command('token')
    .description(`print a bearer token (JWT, HS256) signed with O2C_AUTH_SECRET (else the demo secret file of npm start); roles: ${ROLES.join(', ')}. Subcommands: revoke, revocations`)
    .option('--role <role...>', 'one or more roles (required)')
    .option('--subject <who>', 'who acts: recorded as the actor of every event (alice -> user:alice; svc:oms stays svc:oms) (required)')
    .option('--expires-in <span>', 'validity: 30m, 8h, 7d...', '8h')
    .action(async (o: { role?: string[]; subject?: string; expiresIn: string }) => {
      if (!o.role?.length) token.error('--role <role...> is required');
      if (!o.subject) token.error('--subject <who> is required');
      const unknown = o.role!.filter((r) => !isRole(r));
      if (unknown.length) token.error(`--role: unknown role ${unknown.join(', ')} (one of ${ROLES.join(', ')})`);
      const { config } = authSecretFromEnv(process.env, { create: false });
      const signed = await signToken(config, { subject: o.subject!, roles: o.role as Role[], expiresIn: o.expiresIn });
      console.error(`jti ${(await verifyToken(config, signed)).tokenId} (revoke it alone with: npm run o2c -- token revoke --jti <jti> --reason <why> --by <you>)`);
      console.log(signed);
    });

  const withRevocations = async <T>(work: (revocations: TokenRevocations) => Promise<T>): Promise<T> => {
    const revocations = TokenRevocations.connect(databaseUrl(program.opts<Global>()));
    try {
      return await work(revocations);
    } finally {
      await revocations.close();
    }
  };
  const print = (r: TokenRevocation) =>
    `#${r.id} ${r.revokedAt} by ${r.revokedBy}: ${r.kind === 'token' ? `token ${r.jti}` : `every token of ${r.subject} issued up to ${r.issuedBefore}`} (${r.reason})`;

  token
    .command('revoke')
    .description('revoke one token (--jti) or every token of a subject issued up to an instant (--subject, --issued-before, default now); refused with 401 auth.token_revoked by every process (within its cache bound, 5 s by default)')
    .option('--jti <id>', "the token's id (printed on stderr by `o2c token`)")
    .option('--subject <who>', 'every token of this subject')
    .option('--issued-before <instant>', 'with --subject: tokens issued at or before this ISO 8601 instant (default now)')
    .requiredOption('--reason <why>', 'why: kept with who revoked and when')
    .requiredOption('--by <who>', 'who revokes (recorded: alice -> user:alice)')
    .option('--json', 'the record as JSON')
    .action(async (own: { jti?: string; subject?: string; issuedBefore?: string; reason: string; by: string; json?: boolean }) => {
      // Commander gives `--subject` to `token` (which has it too) unless the program has positional options, which would move --database-url.
      const o = { ...own, subject: own.subject ?? token.opts<{ subject?: string }>().subject };
      if (o.issuedBefore !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(o.issuedBefore)) {
        program.error(`--issued-before must be an ISO 8601 instant with a zone (e.g. 2026-12-01T09:00:00Z), got ${o.issuedBefore}`);
      }
      if (!SUBJECT.test(o.by)) program.error('--by must be who revokes: 1-200 letters, digits or _ . : @ - (e.g. alice)');
      const request = { jti: o.jti, subject: o.subject, issuedBefore: o.issuedBefore === undefined ? undefined : new Date(o.issuedBefore), reason: o.reason };
      const record = await withRevocations((r) => r.revoke(request, actorOf(o.by)));
      console.log(o.json ? JSON.stringify(record) : `revoked: ${print(record)}`);
    });

  token
    .command('revocations')
    .description('every token revocation, newest first')
    .option('--json', 'one JSON object: { revocations: [...] }')
    .action(async (o: { json?: boolean }) => {
      const revocations = await withRevocations((r) => r.list());
      if (o.json) console.log(JSON.stringify({ revocations }));
      else for (const r of revocations) console.log(print(r));
    });
}
