import type { Backend, KernelName, Kernels } from './kernels.js';
import { BUILT_IN_BACKENDS } from './backends/index.js';
import { jsBackend } from './backends/js.js';
import { referenceBackend } from './backends/reference.js';
import { QUICK_SHAPES, checkBackend } from './conformance.js';

/**
 * The backend registry. `auto` picks, by priority, the first backend that initialises and passes
 * the quick conformance check against the reference (see conformance.ts); a backend that fails
 * it is never selected.
 */
const backends = new Map<string, Backend>();
const initialised = new Set<string>();
let active: Backend = jsBackend;

export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

export function listBackends(): Backend[] {
  return [...backends.values()].sort((a, b) => b.priority - a.priority);
}

export function getBackend(name: string): Backend {
  const b = backends.get(name);
  if (!b) throw new Error(`unknown backend "${name}"; registered: ${[...backends.keys()].join(', ')}`);
  return b;
}

export async function initBackend(backend: Backend): Promise<void> {
  if (initialised.has(backend.name)) return;
  await backend.init?.();
  initialised.add(backend.name);
}

/**
 * Make a backend active. `auto` tries each registered backend from the highest priority down and
 * keeps the first whose init succeeds and whose self-check finds no mismatch.
 * Returns the chosen backend and, for `auto`, why the ones above it were skipped.
 */
export async function setBackend(name: string = 'auto'): Promise<{ backend: Backend; skipped: string[] }> {
  if (name !== 'auto') {
    const b = getBackend(name);
    await initBackend(b);
    active = b;
    return { backend: b, skipped: [] };
  }
  const skipped: string[] = [];
  for (const b of listBackends()) {
    try {
      await initBackend(b);
      const problems = checkBackend(b, QUICK_SHAPES);
      if (problems.length === 0) {
        active = b;
        return { backend: b, skipped };
      }
      skipped.push(`${b.name}: ${problems[0]}`);
    } catch (e) {
      skipped.push(`${b.name}: init failed: ${(e as Error).message}`);
    }
  }
  active = referenceBackend;
  return { backend: referenceBackend, skipped };
}

export function activeBackend(): Backend {
  return active;
}

/** A zeroed Float32Array from the active backend's memory (a plain one if it has none). */
export function allocFloat32(n: number): Float32Array {
  return active.allocFloat32 ? active.allocFloat32(n) : new Float32Array(n);
}

/** A zeroed Uint8Array from the active backend's memory (a plain one if it has none). */
export function allocUint8(n: number): Uint8Array {
  return active.allocUint8 ? active.allocUint8(n) : new Uint8Array(n);
}

/** The active backend's kernel, or an error that names both. */
export function kernel<K extends KernelName>(name: K, backend: Backend = active): Kernels[K] {
  const k = backend.kernels[name];
  if (!k) throw new Error(`kernel ${name} not registered for backend ${backend.name}`);
  return k as Kernels[K];
}

for (const backend of BUILT_IN_BACKENDS) registerBackend(backend);
