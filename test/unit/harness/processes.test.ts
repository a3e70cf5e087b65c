import { strict as assert } from 'node:assert';
import { CleanupStack, HarnessError, spawnGroupLeader, stopProcessGroup, withDeadline } from '../../../test/integration/runner/processes';

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the shell printed its first line, i.e. once its background child exists. */
function started(child: ReturnType<typeof spawnGroupLeader>): Promise<void> {
  return new Promise((resolve) => child.stdout!.once('data', () => resolve()));
}

describe('integration harness: process groups', function () {
  if (process.platform === 'win32') return;

  it('stops a leader and the grandchild it left in the background', async () => {
    const child = spawnGroupLeader('sh', ['-c', 'sleep 600 & echo ready; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await started(child);
    assert.equal(groupAlive(child.pid!), true);
    await stopProcessGroup(child.pid!);
    assert.equal(groupAlive(child.pid!), false);
  });

  it('kills a group that ignores SIGTERM once the grace period is over', async () => {
    const child = spawnGroupLeader('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await started(child);
    await stopProcessGroup(child.pid!, 200);
    const exited = await new Promise<NodeJS.Signals | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
      else child.once('exit', (_code, signal) => resolve(signal));
    });
    assert.equal(exited, 'SIGKILL');
    assert.equal(groupAlive(child.pid!), false);
  });

  it('treats stopping a group that is already gone as done', async () => {
    const child = spawnGroupLeader('true', [], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('exit', resolve));
    await stopProcessGroup(child.pid!);
    assert.equal(groupAlive(child.pid!), false);
  });
});

describe('integration harness: cleanups and deadlines', () => {
  it('runs cleanups last-registered first, each once, even when one fails', async () => {
    const order: string[] = [];
    const cleanups = new CleanupStack();
    cleanups.add('server', () => void order.push('server'));
    cleanups.add('browser', () => {
      order.push('browser');
      throw new Error('already closed');
    });
    cleanups.add('page', async () => void order.push('page'));
    const originalError = console.error;
    console.error = () => undefined;
    try {
      await Promise.all([cleanups.runAll(), cleanups.runAll()]);
      await cleanups.runAll();
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(order, ['page', 'browser', 'server']);
  });

  it('passes a promise\'s value through when it settles in time', async () => {
    assert.equal(await withDeadline(Promise.resolve(7), 1_000, 'seven'), 7);
  });

  it('rejects with a HarnessError naming what it waited for when the deadline passes', async () => {
    const never = new Promise<never>(() => undefined);
    await assert.rejects(withDeadline(never, 10, 'the workbench to load'), (error: unknown) => {
      assert.ok(error instanceof HarnessError);
      assert.match(error.message, /timed out after .* the workbench to load/);
      return true;
    });
  });
});
