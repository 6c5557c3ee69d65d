/**
 * Process supervision for the labs: commands run without blocking the event loop, services in
 * process groups of their own under a reaper, and the clean-up when the test process ends without
 * stop() (exit and signal handlers; a watchdog if Node is killed outright).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';

export class PortInUse extends Error {}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the SMTP sink lives in this process). */
export function run(cmd: string, args: string[], input?: string | Buffer, track?: Set<ChildProcess>): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track?.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    // A child that exits without reading all its input (e.g. a rejected delivery) raises EPIPE here.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      track?.delete(child);
      resolveRun({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(input ?? '');
  });
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/**
 * `count` distinct free ports of 127.0.0.1. Each is held until all are found: two calls of
 * freePort in a row can give the same port once the first is closed (seen in CI: Dovecot refused
 * its IMAP and ManageSieve listeners on one port, "duplicate listener").
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: ReturnType<typeof createServer>[] = [];
  try {
    const ports: number[] = [];
    for (let k = 0; k < count; k += 1) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolvePort, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((closed) => (server.listening ? server.close(() => closed()) : closed()))));
  }
}

/** Resolves with the first bytes the server sends (its greeting), or null if nothing listens. */
export function greeting(port: number, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolveGreeting) => {
    const socket = connect(port, '127.0.0.1');
    const done = (value: string | null) => {
      socket.destroy();
      resolveGreeting(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('data', (d) => done(d.toString('utf8')));
    socket.once('error', () => done(null));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Live members of a process group. Zombies are left out: they run nothing and hold no port. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we were looking
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so cut after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is already gone */
  }
}

/**
 * Runs a service under a small Perl "subreaper" (prctl PR_SET_CHILD_SUBREAPER), in its own process
 * group. Why: PHP's built-in server does not reap its workers and Dovecot's master exits before its
 * log process; their orphans go to PID 1, and a container's PID 1 may never reap them (this
 * machine's does not), leaving zombies after every stop(). The reaper adopts and reaps every
 * descendant and exits only when none is left, so "the reaper exited" means "all of it is gone".
 * SIGTERM to the reaper goes to its whole group (PHP's server does not pass it on to its workers).
 * Perl is Essential in Debian: nothing to install. On an unknown CPU the service runs without it.
 * Not Debian's tini or dumb-init: both exit when their direct child does, with its descendants
 * possibly still running, so their exit would not mean the service is gone.
 */
const PRCTL_SYSCALL: Partial<Record<string, number>> = { x64: 157, arm64: 167 };
const REAPER = `
my $nr = shift @ARGV;
syscall($nr, 36, 1, 0, 0, 0) == 0 or die "prctl(PR_SET_CHILD_SUBREAPER): $!\\n";
my $pid = fork() // die "fork: $!\\n";
if ($pid == 0) { exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\\n"; }
my $stopping = 0;
$SIG{TERM} = $SIG{INT} = sub { return if $stopping++; $SIG{TERM} = 'IGNORE'; kill 'TERM', -getpgrp(); };
my $status = 0;
while (1) {
  my $w = waitpid(-1, 0);
  if ($w == -1) { last if $!{ECHILD}; next; }
  $status = $? if $w == $pid;
}
exit($status & 127 ? 128 + ($status & 127) : $status >> 8);
`;

export function spawnService(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; log: string; cwd?: string; uid?: number; gid?: number },
): ChildProcess {
  const nr = PRCTL_SYSCALL[process.arch];
  const fd = openSync(options.log, 'a');
  try {
    // Own process group (detached): a Ctrl-C in the terminal must not reach the services before
    // stop() ends them in order, and the whole tree can be signalled at once.
    const [file, argv] = nr === undefined ? [cmd, args] : ['perl', ['-e', REAPER, String(nr), cmd, ...args]];
    // uid/gid: services that refuse root (PostgreSQL, sogod) run, with their reaper, as their own user.
    return spawn(file, argv, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
}

/** SIGTERM to the service's group (through its reaper), SIGKILL for whatever is left after `graceMs`. */
export async function stopGroup(child: ChildProcess | null, graceMs: number): Promise<void> {
  const pgid = child?.pid;
  if (!child || pgid === undefined) return;
  if (child.exitCode === null && child.signalCode === null) {
    // A timer cleared on exit: a pending one would keep the test process alive for graceMs.
    await new Promise<void>((resolveExit) => {
      const timer = setTimeout(resolveExit, graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolveExit();
      });
      child.kill('SIGTERM');
    });
  }
  for (let i = 0; groupMembers(pgid).length > 0; i++) {
    killGroup(pgid, 'SIGKILL');
    if (i > 60) throw new Error(`Process group ${pgid} survives SIGKILL: ${groupMembers(pgid).join(', ')}`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup when the test process ends without stop()
// ---------------------------------------------------------------------------------------------

/** Every lab still running, keyed by state dir: a graceful stop, and a synchronous last resort. */
export const liveLabs = new Map<string, { stop: () => Promise<void>; kill: () => void }>();
let handlersInstalled = false;

export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' allows no waiting: SIGKILL and remove the files.
  process.on('exit', () => {
    for (const lab of liveLabs.values()) lab.kill();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      // If someone else listens (npm run lab, a test runner), they own the shutdown and will call
      // stop() or exit; our 'exit' handler stays as the backstop. Otherwise stop every lab properly
      // (at most 5 s) and die of the same signal, as the process would have without us.
      if (process.listenerCount(signal) > 1) return;
      process.removeListener(signal, onSignal);
      const all = Promise.allSettled([...liveLabs.values()].map((lab) => lab.stop()));
      void Promise.race([all, sleep(5000)]).then(() => process.kill(process.pid, signal));
    };
    process.on(signal, onSignal);
  }
}

/**
 * A shell that outlives a SIGKILLed Node (vitest killing a worker, an OOM): it blocks reading a pipe
 * from this process; end of file without "stop" means Node is gone, and it then stops the process
 * groups listed in <state>/run/pgids and removes the state dir. `read` is a shell builtin, so the
 * watchdog is one process with no child to orphan.
 */
export function startWatchdog(state: string): { child: ChildProcess; release(): Promise<void> } {
  const script = `
read -r command
[ "$command" = stop ] && exit 0
while read -r g s; do [ -n "$g" ] && kill -"\${s:-TERM}" -"$g" 2>/dev/null; done < "$1/run/pgids"
sleep 2
while read -r g s; do [ -n "$g" ] && kill -KILL -"$g" 2>/dev/null; done < "$1/run/pgids"
rm -rf -- "$1"`;
  const child = spawn('sh', ['-c', script, 'lab-watchdog', state], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the process nor its pipe may keep the test process alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin?.on('error', () => undefined);
  return {
    child,
    // Waiting for it (briefly) lets Node reap it: a process that exits first would leave it to PID 1.
    release: () =>
      new Promise<void>((resolveRelease) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveRelease();
        const timer = setTimeout(resolveRelease, 1000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveRelease();
        });
        child.stdin?.end('stop\n');
      }),
  };
}
