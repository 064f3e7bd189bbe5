import 'reflect-metadata';
import { collectionsContext } from '@o2c/collections';
import { main } from '../../o2c/src/process';

/** The collections context alone (dunning, holds, promises, plans, worklists), talking to the others through Kafka only. */
main('o2c-collections', [collectionsContext], { requireKafka: true });
