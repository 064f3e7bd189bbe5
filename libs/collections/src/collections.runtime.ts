import { Inject, Injectable } from '@nestjs/common';
import type { ConsumerDefinition, ContextRuntime } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { CaseStreams } from './case-store/case.streams';
import { COLLECTIONS_OPTIONS, type CollectionsOptions } from './collections.options';
import { migrateCollections } from './case-store/collections.tables';
import { accountsConsumer } from './learn-accounts/accounts.consumer';
import { agencyConsumer } from './learn-agency/agency.consumer';
import { disputesConsumer } from './learn-disputes/disputes.consumer';
import { invoicingConsumer } from './learn-receivables/invoicing.consumer';
import { migrateReminders } from './reminders';
import { collectionsTranslator } from './translator/collections.translator';

/** What collections hands to its host: the translator (cases and delivered reminders), consumers of accounts, invoicing, disputes and agency, its tables. */
@Injectable()
export class CollectionsRuntime implements ContextRuntime {
  readonly context = 'collections' as const;
  readonly translator = collectionsTranslator;
  readonly consumers: readonly ConsumerDefinition<unknown>[];

  constructor(cases: CaseStreams, @Inject(COLLECTIONS_OPTIONS) options: CollectionsOptions) {
    this.consumers = [accountsConsumer(cases, options.rules.assignment), invoicingConsumer(cases), disputesConsumer(cases), agencyConsumer(cases)] as ConsumerDefinition<unknown>[];
  }

  async migrate(dataSource: DataSource): Promise<void> {
    await migrateCollections(dataSource);
    await migrateReminders(dataSource);
  }
}
