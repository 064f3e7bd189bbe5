import { InProcessTransport } from './in-process-transport';
import type { IncomingMessage, MessageBatchHandler, RunningConsumer } from './message-transport';
import { describeTransportContract } from './transport.contract';

describeTransportContract('in-process', async () => new InProcessTransport());

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const messages = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ key: 'acc-1', value: JSON.stringify({ i: from + i }) }));
const offsets = (received: readonly IncomingMessage[]) => received.map((m) => Number(m.offset));
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('in-process transport retention', () => {
  let transport: InProcessTransport;
  const running: RunningConsumer[] = [];
  const consume = async (groupId: string, topics: string[], handler: MessageBatchHandler): Promise<RunningConsumer> => {
    const consumer = await transport.consume({ groupId, topics }, handler);
    running.push(consumer);
    return consumer;
  };
  const collect = (into: IncomingMessage[]): MessageBatchHandler => async (batch) => void into.push(...batch);
  const opened: (() => void)[] = [];
  /** A promise a handler waits on until `open()`; every gate opens after each test, so no consumer hangs its stop. */
  const gate = (): { wait: Promise<void>; open: () => void } => {
    let open!: () => void;
    const wait = new Promise<void>((resolve) => (open = resolve));
    opened.push(open);
    return { wait, open };
  };

  beforeEach(() => {
    transport = new InProcessTransport({ minTrim: 100 });
  });
  afterEach(async () => {
    for (const open of opened.splice(0)) open();
    for (const consumer of running.splice(0)) await consumer.stop();
    await transport.close();
  });

  it('keeps what no group subscribed to yet; drops what every group consumed; a late group starts at the oldest retained message', async () => {
    await transport.ensureTopics([{ topic: 't', partitions: 2 }]);
    await transport.publish('t', [...messages(1500), ...Array.from({ length: 1500 }, (_, i) => ({ key: 'acc-2', value: String(i) }))]);
    expect(transport.retained('t')).toBe(3000);
    const a: IncomingMessage[] = [];
    const b: IncomingMessage[] = [];
    const bothSubscribed = gate();
    // Otherwise a could consume and drop messages before b subscribes.
    await consume('a', ['t'], async (batch) => {
      await bothSubscribed.wait;
      a.push(...batch);
    });
    await consume('b', ['t'], collect(b));
    bothSubscribed.open();
    await until(() => a.length === 3000 && b.length === 3000, 'both groups');
    await until(() => transport.retained('t') === 0, 'the consumed messages dropped');
    const late: IncomingMessage[] = [];
    await consume('late', ['t'], collect(late));
    await transport.publish('t', messages(1, 1500));
    await until(() => late.length === 1 && a.length === 3001 && b.length === 3001, 'the new message');
    expect(late[0].offset).toBe('1500');
    expect(late[0].value).toBe(JSON.stringify({ i: 1500 }));
    // A prefix under minTrim waits for more: not a copy on every commit.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.retained('t')).toBe(1);
  });

  it('a slow group keeps the messages it has not committed while a fast one is done', async () => {
    await transport.ensureTopics([{ topic: 't', partitions: 1 }]);
    const fast: IncomingMessage[] = [];
    const slow: IncomingMessage[] = [];
    const third = gate();
    await consume('fast', ['t'], collect(fast));
    // Commits two batches of 500, then waits on the third.
    await consume('slow', ['t'], async (batch) => {
      if (slow.length === 1000) await third.wait;
      slow.push(...batch);
    });
    await transport.publish('t', messages(4000));
    await until(() => fast.length === 4000 && slow.length === 1000, 'fast done, slow at 1,000');
    await until(() => transport.retained('t') === 3000, 'the slow group’s 3,000 kept');
    third.open();
    await until(() => slow.length === 4000, 'the slow group done');
    expect(offsets(slow)).toEqual(range(0, 4000));
    await until(() => transport.retained('t') === 0, 'all dropped');
  });

  it('a failed batch comes again after the messages before it were dropped, at the same offsets', async () => {
    await transport.ensureTopics([{ topic: 't', partitions: 1 }]);
    const a: IncomingMessage[] = [];
    const b: IncomingMessage[] = [];
    await consume('a', ['t'], collect(a));
    const failing = await consume('b', ['t'], async (batch) => {
      if (Number(batch[0].offset) >= 2000) throw new Error('handler failed on purpose');
      b.push(...batch);
    });
    await transport.publish('t', messages(2000));
    await until(() => a.length === 2000 && b.length === 2000 && transport.retained('t') === 0, 'the first 2,000 consumed and dropped');
    await transport.publish('t', messages(5, 2000));
    await expect(failing.done).rejects.toThrow('handler failed on purpose');
    await until(() => a.length === 2005, 'the fast group');
    // The stopped group still holds its committed offset, so its 5 stay.
    expect(transport.retained('t')).toBe(5);
    const again: IncomingMessage[] = [];
    await consume('b', ['t'], collect(again));
    await until(() => again.length === 5, 'redelivery');
    expect(offsets(again)).toEqual(range(2000, 5));
    expect(again.map((m) => (JSON.parse(m.value) as { i: number }).i)).toEqual(range(2000, 5));
  });

  it('a group holds every topic it subscribed to from consume(), before its loop reached it', async () => {
    await transport.ensureTopics([{ topic: 'first', partitions: 1 }, { topic: 'second', partitions: 1 }]);
    await transport.publish('first', messages(10));
    await transport.publish('second', messages(200));
    const busy = gate();
    const both: IncomingMessage[] = [];
    // Busy on `first` while another group consumes all of `second`.
    await consume('both', ['first', 'second'], async (batch) => {
      if (batch[0].topic === 'first') await busy.wait;
      both.push(...batch);
    });
    const other: IncomingMessage[] = [];
    await consume('other', ['second'], collect(other));
    await until(() => other.length === 200, 'the other group');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(transport.retained('second')).toBe(200);
    busy.open();
    await until(() => both.length === 210, 'both topics');
    expect(offsets(both.filter((m) => m.topic === 'second'))).toEqual(range(0, 200));
  });
});
