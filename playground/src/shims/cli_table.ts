// cli-table3 for the page: the CLI's text tables come in with the report
// module that the graph view reads a formatter from (host/cli/report.ts),
// but the page draws its tables as HTML (summary.ts) and never makes a
// text one. The real package needs Node's util and os, so the bundler maps
// it here (playground/build.ts); a call would be a bug in the page.

export default class Table {
  constructor() {
    throw new Error("internal: text tables are not available in the playground");
  }
}
