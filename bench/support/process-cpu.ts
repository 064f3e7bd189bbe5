import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** Fields 14-17 of /proc/<pid>/stat (utime, stime, cutime, cstime) in ticks, and the parent pid; undefined when gone. */
function stat(pid: number): { ppid: number; own: number; reaped: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) can hold spaces: the fields after it start past its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds used so far by a process and its children, those alive (PostgreSQL's backends) and those it has
 * reaped. Linux only (reads /proc); undefined elsewhere or when the process is gone. A figure that other load on the
 * machine barely moves, unlike a rate.
 */
export function cpuMsOfTree(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const root = stat(pid);
  if (!root) return undefined;
  let ticks = root.own + root.reaped;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const name of pids) {
    const child = stat(Number(name));
    if (child && child.ppid === pid) ticks += child.own;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** This process's CPU milliseconds (user + system) so far. */
export const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
