import fs from "node:fs";

// PGlite is single-process: a second process opening the same directory corrupts it. The process that
// opens a directory holds "<dir>.lock" with its pid; others refuse while that pid is alive.

function lockPath(dir: string) {
  return `${dir.replace(/\/+$/, "")}.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function acquirePgliteLock(dir: string): void {
  const file = lockPath(dir);
  // On a fresh clone neither the directory nor its parent exists yet.
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The PGlite directory ${dir} is in use by process ${pid} (probably the running app). ` +
          `Stop it first, or point PGLITE_DIR elsewhere: two processes on one PGlite directory corrupt it.`,
      );
    }
  }
  fs.writeFileSync(file, String(process.pid));
}

export function releasePgliteLock(dir: string): void {
  const file = lockPath(dir);
  try {
    if (Number(fs.readFileSync(file, "utf8").trim()) === process.pid) fs.unlinkSync(file);
  } catch {
    // Already gone.
  }
}
