import 'reflect-metadata';
import { accountsContext } from '@o2c/accounts';
import { agencyContext } from '@o2c/agency';
import { collectionsContext } from '@o2c/collections';
import { disputesContext } from '@o2c/disputes';
import { invoicingContext } from '@o2c/invoicing';
import { analyticsReadSide } from './analytics';
import { main } from './process';

/** Every bounded context in one process: the embedded default (`npm start`), with the analysts' KPI read side. */
main('o2c', [accountsContext, invoicingContext, collectionsContext, disputesContext, agencyContext], { readSides: [analyticsReadSide] });
