import 'reflect-metadata';
import { accountsContext } from '@o2c/accounts';
import { invoicingContext } from '@o2c/invoicing';
import { main } from './process';

/** Every bounded context in one process: the embedded default (`npm start`). */
main('o2c', [accountsContext, invoicingContext]);
