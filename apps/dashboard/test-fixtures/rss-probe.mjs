// Loaded with `node --import` by the process tests: on exit, writes this process's peak resident
// memory (kB, getrusage's ru_maxrss) to the file named by MNIST_TEST_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.MNIST_TEST_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
