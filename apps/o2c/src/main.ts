import 'reflect-metadata';
import { main } from './process';

/** Every bounded context in one process: the embedded default (`npm start`). */
main('o2c', []);
