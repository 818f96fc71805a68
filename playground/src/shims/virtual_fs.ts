// A read-only file system in memory with node:fs's calls and error codes
// (ENOENT, ENOTDIR, EISDIR, EROFS), for the page's node:fs (fs.ts) and for
// the tests, which hold it against the real one.

const encoder = new TextEncoder();

class FsError extends Error {
  constructor(
    readonly code: string,
    syscall: string,
    path: string,
  ) {
    super(`${code}: ${syscall} '${path}'`);
  }
}

export interface Stats {
  readonly size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

const clean = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, "") : p);

/** The file system holding `texts` (absolute path → UTF-8 text) and the folders above them. */
export function virtualFs(texts: Readonly<Record<string, string>>) {
  const files = new Map<string, Uint8Array>(Object.entries(texts).map(([path, text]) => [path, encoder.encode(text)]));
  const folders = new Set<string>(["/"]);
  for (const path of files.keys()) {
    for (let at = path.lastIndexOf("/"); at > 0; at = path.lastIndexOf("/", at - 1)) folders.add(path.slice(0, at));
  }

  function existsSync(path: string): boolean {
    const p = clean(path);
    return files.has(p) || folders.has(p);
  }

  function statOf(path: string, syscall: string): Stats {
    const p = clean(path);
    const bytes = files.get(p);
    if (bytes) return { size: bytes.length, isFile: () => true, isDirectory: () => false };
    if (folders.has(p)) return { size: 0, isFile: () => false, isDirectory: () => true };
    throw new FsError("ENOENT", syscall, path);
  }

  function statSync(path: string): Stats {
    return statOf(path, "stat");
  }

  /** There are no links: a path is its own real path, if it exists. */
  function realpathSync(path: string): string {
    statOf(path, "realpath");
    return clean(path);
  }
  realpathSync.native = realpathSync;

  function readdirSync(path: string): string[] {
    const p = clean(path);
    if (!folders.has(p)) throw new FsError(files.has(p) ? "ENOTDIR" : "ENOENT", "scandir", path);
    const prefix = p === "/" ? "/" : `${p}/`;
    const names = new Set<string>();
    for (const f of [...files.keys(), ...folders]) {
      if (f.startsWith(prefix) && f.length > prefix.length) names.add(f.slice(prefix.length).split("/")[0]!);
    }
    return [...names].sort();
  }

  function readFileSync(path: string, encoding?: string): Uint8Array | string {
    const p = clean(path);
    const bytes = files.get(p);
    if (!bytes) throw new FsError(folders.has(p) ? "EISDIR" : "ENOENT", "open", path);
    return encoding ? new TextDecoder().decode(bytes) : bytes.slice();
  }

  /** Nothing in the page writes files (npy.ts imports this for commands the page does not run). */
  function writeFileSync(path: string): never {
    throw new FsError("EROFS", "open", path);
  }

  // Descriptors, for the compiler's checked reads (core/io/read_regular_file.ts).
  const open = new Map<number, string>();
  let nextFd = 3;
  const constants = { O_RDONLY: 0, O_NONBLOCK: 0o4000 };

  function openSync(path: string): number {
    statOf(path, "open");
    const fd = nextFd++;
    open.set(fd, clean(path));
    return fd;
  }

  function pathOf(fd: number, syscall: string): string {
    const p = open.get(fd);
    if (p === undefined) throw new FsError("EBADF", syscall, String(fd));
    return p;
  }

  function fstatSync(fd: number): Stats {
    return statOf(pathOf(fd, "fstat"), "fstat");
  }

  function readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number {
    const p = pathOf(fd, "read");
    const bytes = files.get(p);
    if (!bytes) throw new FsError("EISDIR", "read", p);
    const chunk = bytes.subarray(position, position + length);
    buffer.set(chunk, offset);
    return chunk.length;
  }

  function closeSync(fd: number): void {
    open.delete(fd);
  }

  return { existsSync, statSync, realpathSync, readdirSync, readFileSync, writeFileSync, constants, openSync, fstatSync, readSync, closeSync };
}
