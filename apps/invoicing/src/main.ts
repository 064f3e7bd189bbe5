import 'reflect-metadata';
import { invoicingContext } from '@o2c/invoicing';
import { main } from '../../o2c/src/process';

/** The invoicing context alone (invoices, payments, aging, DSO), talking to the others through Kafka only. */
main('o2c-invoicing', [invoicingContext], { requireKafka: true });
