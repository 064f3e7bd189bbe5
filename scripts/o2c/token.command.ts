import type { Command } from 'commander';
import { authSecretFromEnv, isRole, ROLES, signToken, type Role } from '@o2c/kernel';

/**
 * `o2c token --role <role> --subject <who>`: a bearer token signed with the
 * deployment's secret (O2C_AUTH_SECRET, else the demo file `npm start` created).
 */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description(`print a bearer token (JWT, HS256) signed with O2C_AUTH_SECRET (else the demo secret file of npm start); roles: ${ROLES.join(', ')}`)
    .requiredOption('--role <role...>', 'one or more roles')
    .requiredOption('--subject <who>', 'who acts: recorded as the actor of every event (alice -> user:alice; svc:oms stays svc:oms)')
    .option('--expires-in <span>', 'validity: 30m, 8h, 7d...', '8h')
    .action(async (o: { role: string[]; subject: string; expiresIn: string }) => {
      const unknown = o.role.filter((r) => !isRole(r));
      if (unknown.length) program.error(`--role: unknown role ${unknown.join(', ')} (one of ${ROLES.join(', ')})`);
      const { config } = authSecretFromEnv(process.env, { create: false });
      console.log(await signToken(config, { subject: o.subject, roles: o.role as Role[], expiresIn: o.expiresIn }));
    });
}
