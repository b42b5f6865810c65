#!/usr/bin/env node
// The `mnist` executable: the real process around main().
import { processIo, stdoutClosed } from './io.js';
import { main } from './main.js';

// React's development build checks every render; Ink (imported lazily, only on a terminal) then
// loads the production one.
process.env['NODE_ENV'] ??= 'production';

const code = await main(process.argv.slice(2), processIo());
// Let stdout drain (a pipe may still hold JSON lines), then leave even if a worker lingers.
process.exitCode = code;
if (stdoutClosed) process.exit(code);
else process.stdout.write('', () => process.exit(code));
