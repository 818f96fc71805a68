// How the server's checks read files: an import of a file that is open in
// the editor reads the editor's text, saved or not, as the user sees it;
// any other file comes from disk, through the same guarded reader as
// `dlc check`. Every path read is noted, so that a change to one open file
// re-checks the open files that import it.

import { diskReader, type FileReader } from "../../compiler/elaborate/modules.js";

/** Open documents' texts by path, with links resolved where the file exists on disk. */
export class OpenFiles {
  private readonly texts = new Map<string, string>();

  set(path: string, text: string): void {
    this.texts.set(realOrSame(path), text);
  }

  delete(path: string): void {
    this.texts.delete(realOrSame(path));
  }

  get(path: string): string | undefined {
    return this.texts.get(realOrSame(path));
  }

  /** The path with its links resolved, as the check's list of files read holds it. */
  realpath(path: string): string {
    return realOrSame(path);
  }

  /** A reader over these texts and the disk that records, in `read`, every path it was asked for. */
  reader(read: Set<string>): FileReader {
    const encoder = new TextEncoder();
    return {
      read: (path) => {
        read.add(realOrSame(path));
        const open = this.get(path);
        return open === undefined ? diskReader.read(path) : encoder.encode(open);
      },
      realpath: (path) => diskReader.realpath?.(path),
    };
  }
}

function realOrSame(path: string): string {
  return diskReader.realpath?.(path) ?? path;
}
