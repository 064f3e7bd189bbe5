import 'reflect-metadata';
import type { Command } from 'commander';
import { eventIndexProjection } from '@o2c/audit';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ProjectionRunner, projectionEntities, type ProjectionDefinition } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { isEventId, traceEvent, type TracedEvent } from '../../libs/audit/src/trace-event/trace-event';
import { databaseUrl, withDatabase, type Global } from './database';

/** Brings the auditors' event index up to the store's head (every running app keeps it current; this covers a stopped one). */
async function catchUpEventIndex(url: string): Promise<void> {
  const store = await PostgresEventStore.connect({ url });
  const dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities([eventIndexProjection as unknown as ProjectionDefinition<object>]) }).initialize();
  const runner = new ProjectionRunner(eventIndexProjection, store, dataSource);
  try {
    await runner.start();
    const head = (await store.health()).headPosition;
    if (head !== undefined && head > 0n) await runner.waitFor(head, 10 * 60_000);
  } finally {
    await runner.stop();
    await dataSource.destroy();
    await store.close();
  }
}

const line = (e: TracedEvent): string => `${e.position.padStart(8)}  ${e.recordedAt}  ${e.type} on ${e.streamName}@${e.revision} by ${e.actor ?? '?'} (id ${e.id})`;

/** `o2c audit trace <eventId>`: who did what, when and why: the causes up, the effects down, the correlation; JSON last. */
export function registerAuditTrace(audit: Command, program: Command): void {
  audit
    .command('trace <eventId>')
    .description('the chain of messages that caused an event (up through causationId), everything it caused (down), and its correlation')
    .option('--json', 'only the JSON report on stdout')
    .option('--limit <n>', 'most events listed for effects and correlation', (raw) => Number(raw), 1000)
    .action(async (eventId: string, o: { json?: boolean; limit: number }) => {
      if (!isEventId(eventId)) throw new Error('eventId must be a UUID (an event id, e.g. from GET /audit/all)');
      if (!Number.isSafeInteger(o.limit) || o.limit < 1) throw new Error('--limit must be an integer >= 1');
      await catchUpEventIndex(databaseUrl(program.opts<Global>()));
      const report = await withDatabase(program.opts<Global>(), (sql) => traceEvent(sql, eventId, { limit: o.limit }));
      if (!report) {
        console.error(`no stored event has id ${eventId}`);
        process.exitCode = 1;
        return;
      }
      if (!o.json) {
        console.log(`event     ${line(report.event)}`);
        console.log(`origin    ${report.origin ? report.origin.messageId : '(none found)'}`);
        for (const cause of [...report.causedBy].reverse()) console.log(`caused by ${line(cause)}`);
        for (const effect of report.caused) console.log(`caused    ${'  '.repeat((effect.depth ?? 1) - 1)}${line(effect)}`);
        console.log(`correlation ${report.correlation.correlationId}: ${report.correlation.total} events`);
      }
      console.log(JSON.stringify(report));
    });
}
