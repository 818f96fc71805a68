// node:path for the page: the compiler names files by POSIX paths, and in
// the page the only files are the one being edited and the standard
// library, both in a virtual file system rooted at "/" (fs.ts). The working
// folder is "/". Only what the compiler's modules call is here; the
// bundler maps `node:path` to this file (playground/build.ts).

export const sep = "/";
export const delimiter = ":";

const CWD = "/";

/** Resolves "." and ".." segments and repeated slashes; keeps a leading "/". */
export function normalize(p: string): string {
  if (p === "") return ".";
  const absolute = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(part);
  }
  const body = out.join("/");
  const trailing = p.endsWith("/") && body !== "" ? "/" : "";
  if (absolute) return `/${body}${trailing}`;
  return body === "" ? (p.endsWith("/") && !absolute ? "./" : ".") : body + trailing;
}

export function isAbsolute(p: string): boolean {
  return p.startsWith("/");
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

/** Right to left until a path is absolute, then from the working folder "/". */
export function resolve(...parts: string[]): string {
  let path = "";
  for (let i = parts.length - 1; i >= 0 && !path.startsWith("/"); i--) {
    const p = parts[i]!;
    if (p !== "") path = path === "" ? p : `${p}/${path}`;
  }
  if (!path.startsWith("/")) path = `${CWD}${path}`;
  const n = normalize(path);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

export function dirname(p: string): string {
  if (p === "") return ".";
  let end = p.length;
  while (end > 1 && p[end - 1] === "/") end--;
  const trimmed = p.slice(0, end);
  if (trimmed === "/") return "/";
  const at = trimmed.lastIndexOf("/");
  if (at < 0) return ".";
  if (at === 0) return "/";
  return trimmed.slice(0, at);
}

export function basename(p: string, ext?: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, "") : p;
  const base = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return ext !== undefined && base.endsWith(ext) && base !== ext ? base.slice(0, -ext.length) : base;
}

export function extname(p: string): string {
  const base = basename(p);
  const at = base.lastIndexOf(".");
  return at <= 0 || base === ".." ? "" : base.slice(at);
}

/** The path from `from` to `to`, both resolved first. */
export function relative(from: string, to: string): string {
  const a = resolve(from).split("/").filter((s) => s !== "");
  const b = resolve(to).split("/").filter((s) => s !== "");
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...new Array<string>(a.length - common).fill(".."), ...b.slice(common)].join("/");
}

export const posix = { sep, delimiter, normalize, isAbsolute, join, resolve, dirname, basename, extname, relative };
export default posix;
