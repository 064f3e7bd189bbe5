import 'reflect-metadata';
import { agencyContext } from '@o2c/agency';
import { main } from '../../o2c/src/process';

/** The agency-handoff context alone, talking to the others through Kafka only. */
main('o2c-agency', [agencyContext], { requireKafka: true });
