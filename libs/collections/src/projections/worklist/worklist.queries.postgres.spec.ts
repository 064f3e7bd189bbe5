import { Client } from 'pg';
import { createTestDatabase } from '../../../../../test/support/database';
import { rankKeyOf } from './worklist.projection';
import { worklistPageSql } from './worklist.queries';

/**
 * The page reads each slope's rows in rank order (an index range with a limit) instead of sorting all the collector's
 * rows by the score on the date asked: on a real PostgreSQL, with rows of several slopes, ties, rows off the
 * worklist and rows scored after the date, every page must be exactly the rows and order of that sort.
 */
describe('worklist page (real PostgreSQL)', () => {
  let sql: Client;
  interface Row {
    key: string;
    accountId: string;
    collectorId: string;
    team: string;
    onWorklist: boolean;
    score: number;
    scoredOn: string;
    maxDaysLate: number;
    oldestDueOn: string | null;
    perDayLate: number;
  }
  const rows: Row[] = [];
  const DAY = 86_400_000;
  const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
  const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  /** The score on a date as the worklist defines it (the page's reference order). */
  const scoreOn = (r: Row, date: string) => (r.oldestDueOn === null ? r.score : r.score + r.perDayLate * (dayNumber(date) - dayNumber(r.oldestDueOn) - r.maxDaysLate));

  beforeAll(async () => {
    sql = new Client({ connectionString: await createTestDatabase('worklist_page') });
    await sql.connect();
    await sql.query('CREATE SCHEMA IF NOT EXISTS o2c_read');
    await sql.query(`CREATE TABLE o2c_read.collections_worklist (
      key varchar PRIMARY KEY, account_id varchar, legal_name varchar, collector_id varchar, team varchar, on_worklist boolean, score int, scored_on varchar,
      parts jsonb, amount_at_stake_minor bigint, max_days_late int, broken_promises int, risk_class varchar, segment varchar, last_contact_at varchar,
      last_contact_outcome varchar, open_dispute_holds jsonb, disputes jsonb, next_action jsonb, oldest_due_on varchar, per_day_late int, rank_key int)`);
    await sql.query('CREATE INDEX ON o2c_read.collections_worklist (collector_id, on_worklist, per_day_late, rank_key, account_id)');
    // A fixed pseudo-random portfolio: scores bunched so that many tie on a date.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16) % n;
    for (let i = 0; i < 400; i++) {
      const oldestDueOn = random(5) === 0 ? null : addDays('2026-10-01', random(60));
      const scoredOn = addDays('2026-11-20', random(8));
      const perDayLate = oldestDueOn === null ? 0 : [2, 2, 2, 3][random(4)];
      const maxDaysLate = oldestDueOn === null ? 0 : Math.max(0, dayNumber(scoredOn) - dayNumber(oldestDueOn));
      rows.push({ key: `k${i}`, accountId: `ACC-${String(random(1000)).padStart(4, '0')}-${i}`, collectorId: `col-${random(3)}`, team: `team-${random(2)}`, onWorklist: random(6) !== 0, score: 10 * random(12), scoredOn, maxDaysLate, oldestDueOn, perDayLate });
    }
    for (const r of rows) {
      await sql.query(
        `INSERT INTO o2c_read.collections_worklist (key, account_id, legal_name, collector_id, team, on_worklist, score, scored_on, parts, amount_at_stake_minor, max_days_late, broken_promises, risk_class, segment,
           open_dispute_holds, disputes, oldest_due_on, per_day_late, rank_key) VALUES ($1, $2, 'x', $3, $4, $5, $6, $7, '[]', 0, $8, 0, 'low', 'standard', '[]', '[]', $9, $10, $11)`,
        [r.key, r.accountId, r.collectorId, r.team, r.onWorklist, r.score, r.scoredOn, r.maxDaysLate, r.oldestDueOn, r.perDayLate, rankKeyOf(r.score, r.perDayLate, r.oldestDueOn, r.maxDaysLate)],
      );
    }
  });

  afterAll(() => sql.end());

  it.each([
    ['collector', 'col-1', '2026-11-25', 50, 0],
    ['collector', 'col-1', '2026-11-25', 50, 50],
    ['collector', 'col-2', '2026-11-22', 7, 14],
    ['collector', 'col-0', '2026-12-31', 500, 0],
    ['team', 'team-1', '2026-11-27', 20, 40],
    ['all', null, '2026-11-26', 30, 90],
    ['collector', 'col-9', '2026-11-25', 50, 0],
  ] as const)('by %s %s on %s, %i rows from %i: the rows and order of sorting every row by its score on that date', async (by, who, date, limit, offset) => {
    const expected = rows
      .filter((r) => r.onWorklist && r.scoredOn <= date && (by === 'all' || (by === 'collector' ? r.collectorId : r.team) === who))
      .sort((a, b) => scoreOn(b, date) - scoreOn(a, date) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
      .slice(offset, offset + limit)
      .map((r) => [r.accountId, scoreOn(r, date)]);
    const page = await sql.query({ name: `worklist-page-${by}`, text: worklistPageSql(by), values: [who, date, limit, offset] });
    expect(page.rows.map((r: { account_id: string; score_on: number }) => [r.account_id, Number(r.score_on)])).toEqual(expected);
    if (by !== 'all' && who !== 'col-9') expect(expected.length).toBeGreaterThan(0);
  });
});
