import 'reflect-metadata';
import { disputesContext } from '@o2c/disputes';
import { main } from '../../o2c/src/process';

/** The disputes context alone (the 72-hour SLA), talking to the others through Kafka only. */
main('o2c-disputes', [disputesContext], { requireKafka: true });
