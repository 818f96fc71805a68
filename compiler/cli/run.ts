// Runs the CLI with this process's arguments. `bin/dlc.js` loads the built
// copy; `npm run dlc -- ARGS` runs it from source through tsx.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
