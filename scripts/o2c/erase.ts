import type { Command } from 'commander';
import { PersonalDataVault } from '../../libs/kernel/src/personal-data/personal-data-vault';
import { DataSource } from 'typeorm';
import { databaseUrl, type Global } from './database';

/**
 * `o2c erase <subjectId> --reason <text>`: GDPR erasure by crypto-shredding (the subject's key is deleted; the
 * events, their hash chain and every balance stay as they are). `o2c erase --list <prefix>` shows the subjects
 * under a prefix (e.g. `account:ACME:`). JSON last.
 */
export function registerErase(program: Command): void {
  program
    .command('erase [subjectId]')
    .description("erase a data subject's personal data (irreversible), or list subjects with --list")
    .option('--reason <text>', 'why (e.g. the GDPR request reference); required to erase')
    .option('--by <actor>', 'who erases (recorded)', `user:${process.env.USER ?? 'cli'}`)
    .option('--list <prefix>', 'list the subjects whose id starts with the prefix, held or erased')
    .option('--json', 'only the JSON on stdout')
    .action(async (subjectId: string | undefined, o: { reason?: string; by: string; list?: string; json?: boolean }) => {
      if (!o.list && !subjectId) throw new Error('give a subjectId to erase, or --list <prefix>');
      if (subjectId && !o.reason?.trim()) throw new Error('--reason is required: an erasure records why');
      const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(program.opts<Global>()), extra: { max: 2 } }).initialize();
      try {
        const vault = new PersonalDataVault(dataSource);
        if (o.list) {
          const subjects = await vault.subjects(o.list);
          if (!o.json) for (const s of subjects) console.log(`${s.state.padEnd(7)} ${s.subjectId}`);
          console.log(JSON.stringify({ subjects }));
          return;
        }
        const record = await vault.erase(subjectId!, o.by, o.reason!, new Date());
        if (!o.json) console.log(`erased ${record.subjectId} at ${record.erasedAt} by ${record.erasedBy}: ${record.reason}`);
        console.log(JSON.stringify(record));
      } finally {
        await dataSource.destroy();
      }
    });
}
