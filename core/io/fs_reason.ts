// Why a file-system call failed, in the user's words. Every command that
// reads or writes the user's files turns Node's error codes into the same
// phrases through here, so that "read-only file system" reads the same in
// `dlc compile -o`, `dlc train --out`, `dlc run -o` and the data readers.

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is not a folder",
  EISDIR: "it is a folder, not a file",
  EEXIST: "it already exists",
  ENOTEMPTY: "the folder is not empty (another process wrote into it meanwhile)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "a loop of symbolic links",
  EIO: "an input/output error of the device",
};

/** The error's code, when it is a file-system error (one with a string `code`). */
export function fsCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "read-only file system (EROFS)"; an error without a code as its message. */
export function fsReason(e: unknown): string {
  const code = fsCode(e);
  if (code === undefined) return e instanceof Error ? e.message : String(e);
  const known = REASONS[code];
  return known ? `${known} (${code})` : code;
}
