// Runs the CLI with this process's arguments. `bin/dlc.js` loads the built
// copy; `npm run dlc -- ARGS` runs it from source through tsx.
import { exitWhenDrained, watchOutput } from "./drain.js";
import { main } from "./main.js";

watchOutput(process.stdout, "the standard output");
watchOutput(process.stderr, "the standard error");
const code = await main(process.argv.slice(2));
// Dawn keeps the event loop alive after a device is made, so the process
// leaves explicitly, but only once its output has reached the reader.
await exitWhenDrained(code);
