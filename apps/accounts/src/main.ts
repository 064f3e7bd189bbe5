import 'reflect-metadata';
import { accountsContext } from '@o2c/accounts';
import { main } from '../../o2c/src/process';

/** The accounts context alone (credit at every order, risk classes), talking to the others through Kafka only. */
main('o2c-accounts', [accountsContext], { requireKafka: true });
