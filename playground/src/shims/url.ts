// node:url for the page: the compiler asks for its own file's path to find
// stdlib/ beside it (compiler/elaborate/import_roots.ts). In a bundle that
// is the script's URL; its path is as good as any, since the virtual file
// system (fs.ts) has no stdlib/ next to it and the compiler then falls back
// to "stdlib" under the working folder "/", where fs.ts keeps it.

export function fileURLToPath(url: string | URL): string {
  return decodeURIComponent(new URL(String(url)).pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${encodeURI(path)}`);
}

export default { fileURLToPath, pathToFileURL };
