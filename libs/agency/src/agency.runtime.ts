import { Injectable } from '@nestjs/common';
import type { ConsumerDefinition, ContextRuntime } from '@o2c/messaging';
import { AgencyService } from './agency.service';
import { upstreamFactsConsumers } from './note-upstream-facts/upstream-facts.consumers';
import { agencyTranslator } from './translator/agency.translator';

/** What agency hands to its host: the translator to `o2c.agency.events` and the consumers of the four upstream contexts. No tables of its own. */
@Injectable()
export class AgencyRuntime implements ContextRuntime {
  readonly context = 'agency' as const;
  readonly translator = agencyTranslator;
  readonly consumers: readonly ConsumerDefinition<unknown>[];

  constructor(agency: AgencyService) {
    this.consumers = upstreamFactsConsumers(agency);
  }
}
