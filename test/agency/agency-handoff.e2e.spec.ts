import { agencyHandoffScenario } from './agency-handoff.scenario';

describe('agency handoff end to end (real PostgreSQL, in-process bus, simulated agency process)', () => {
  agencyHandoffScenario();
});
