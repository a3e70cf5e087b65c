/**
 * Child processes of the harness: spawning them in their own process group, stopping exactly that group, and
 * one cleanup list that runs on success, failure, SIGINT and SIGTERM alike.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A failure of the harness itself (not of a test): reported as one line, with its own exit code. */
export class HarnessError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** Exit codes of the integration harness. */
export const EXIT = {
  passed: 0,
  testsFailed: 1,
  harnessFailed: 3,
  interrupted: 130,
} as const;

/** Groups started by spawnGroupLeader and not yet stopped, for the last-resort kill at exit. */
const liveGroups = new Set<number>();

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM means the group exists but belongs to someone else, which cannot be ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForGroupToEnd(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupExists(pgid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Stops the process group led by `pgid`: SIGTERM, then SIGKILL if anything of it is still alive after
 * `graceMs`. Resolves once the group is empty (or a short while after the SIGKILL).
 */
export async function stopProcessGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (!groupExists(pgid)) {
    liveGroups.delete(pgid);
    return;
  }
  signalGroup(pgid, 'SIGTERM');
  await waitForGroupToEnd(pgid, graceMs);
  if (groupExists(pgid)) {
    signalGroup(pgid, 'SIGKILL');
    // Killed processes linger until their parent reaps them; wait briefly so callers see the group gone.
    await waitForGroupToEnd(pgid, 2_000);
  }
  // Forgotten only now, so the exit hook does not signal a process id the system may have recycled.
  liveGroups.delete(pgid);
}

/** Spawns a command as the leader of a new process group, so that it and all its descendants can be stopped together. */
export function spawnGroupLeader(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: process.platform !== 'win32' });
  // The leader's exit does not end its group, so the group stays registered until stopProcessGroup sweeps it.
  if (child.pid !== undefined) liveGroups.add(child.pid);
  return child;
}

type Cleanup = () => Promise<void> | void;

/** Cleanups run in reverse order of registration (last started, first stopped), each at most once. */
export class CleanupStack {
  private readonly steps: Array<{ label: string; run: Cleanup }> = [];
  private running: Promise<void> | undefined;

  add(label: string, run: Cleanup): void {
    this.steps.push({ label, run });
  }

  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length > 0) {
        const step = this.steps.pop()!;
        try {
          await step.run();
        } catch (error) {
          console.error(`[sourced-it] cleanup "${step.label}" failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

/**
 * Makes SIGINT/SIGTERM/SIGHUP run `cleanups` before exiting, and SIGKILLs any group still registered when the
 * process exits anyway (an uncaught error, process.exit elsewhere). Returns a function that removes the hooks.
 */
export function installSignalHandlers(cleanups: CleanupStack, onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    onSignal?.(signal);
    const code = signal === 'SIGINT' ? EXIT.interrupted : 128 + (signal === 'SIGTERM' ? 15 : 1);
    void cleanups.runAll().finally(() => process.exit(code));
  };
  const lastResort = () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, handler);
  process.on('exit', lastResort);
  return () => {
    for (const signal of signals) process.off(signal, handler);
    process.off('exit', lastResort);
  };
}

/** Rejects with a HarnessError naming `what` when `promise` has not settled within `timeoutMs`. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(`timed out after ${Math.round(timeoutMs / 1000)} s: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
