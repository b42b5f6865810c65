// Loaded with `node --import` by the process tests: on exit, writes this process's peak resident
// memory in kB to the file named by MNIST_TEST_RSS_FILE. Linux's VmHWM is this process's own
// (getrusage's ru_maxrss survives exec: a child would report its parent's peak at fork time).
import { readFileSync, writeFileSync } from 'node:fs';

function peakKb() {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: fall back on getrusage
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.MNIST_TEST_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKb())));
