// Runs the CLI with this process's arguments. `bin/dlc.js` loads the built
// copy; `npm run dlc -- ARGS` runs it from source through tsx.
import { main } from "./main.js";

const code = await main(process.argv.slice(2));
// Dawn keeps the event loop alive after a device is made; leave explicitly.
process.exit(code);
