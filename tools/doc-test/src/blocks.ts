// Finds the fenced code blocks of the repository's Markdown and says what the doc-test does with
// each, from its info string (the word after the fence):
//   ts, typescript      a complete program: type-checked strictly (nodenext) and run
//   js, mjs             a complete program: run
//   ts api              a signature listing: every top-level name it lists must be exported
//   sh run              shell, run for real outside the repo (a temp dir and npm prefix)
//   sh, bash, shell     shell, checked: `mnist` subcommands and flags, pnpm scripts, repo paths
//   json, jsonc         parsed; a pipeline spec (it has "stages") is validated by the pipeline
//   text                shown, not run (output, equations, file layouts)
// A fence without an info string is refused, so every block is a decision someone made.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export type BlockKind = 'ts' | 'js' | 'api' | 'sh-run' | 'sh' | 'json' | 'text' | 'untagged' | 'unknown';

export interface Block {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  info: string;
  kind: BlockKind;
  code: string;
}

/** `packages/nn/README.md block 2 (line 14, ts)`: how failures name a block. */
export const blockName = (b: Block, index: number) => `${b.file} block ${index + 1} (line ${b.line}, ${b.info || 'untagged'})`;

export function classify(info: string): BlockKind {
  const [lang = '', ...rest] = info.trim().toLowerCase().split(/\s+/);
  if (lang === '') return 'untagged';
  if (lang === 'ts' || lang === 'typescript') return rest.includes('api') ? 'api' : 'ts';
  if (lang === 'js' || lang === 'mjs' || lang === 'javascript') return 'js';
  if (lang === 'sh' || lang === 'bash' || lang === 'shell') return rest.includes('run') ? 'sh-run' : 'sh';
  if (lang === 'json' || lang === 'jsonc') return 'json';
  if (lang === 'text' || lang === 'txt') return 'text';
  return 'unknown';
}

/** Every fenced block of one Markdown text; fences may be indented (inside a list item). */
export function extractBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.trim().startsWith(fence[0]!.repeat(fence.length)) && l.trim().replace(/[`~]/g, '') === '') break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    blocks.push({ file, line: i + 1, info: info.trim(), kind: classify(info), code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

/** The READMEs the doc-test covers: the root's, every workspace package's, and docs/*.md but RESULTS. */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  for (const group of ['packages', 'apps', 'examples']) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group)).sort()) {
      const readme = join(root, group, name, 'README.md');
      if (existsSync(readme)) files.push(relative(root, readme));
    }
  }
  for (const name of ['cli.md', 'run-directory.md', 'model-file.md']) {
    if (existsSync(join(root, 'docs', name))) files.push(`docs/${name}`);
  }
  return files;
}

export function allBlocks(root: string): Block[] {
  return markdownFiles(root).flatMap((f) => extractBlocks(readFileSync(join(root, f), 'utf8'), f));
}

const KEYWORDS = new Set(['class', 'interface', 'type', 'function', 'const', 'let', 'export', 'declare', 'new', 'readonly', 'async', 'await', 'return', 'import', 'from', 'extends']);

/**
 * The top-level names a signature listing declares: on each unindented line, the identifier that
 * starts it, and those after `;` or `/` at bracket depth 0 (`encodeModel(…) / decodeModel(…)`),
 * or after `,` when followed by one (`crossEntropy, meanSquaredError: …`). Comments are dropped.
 */
export function listedNames(code: string): string[] {
  const names = new Set<string>();
  for (const raw of code.split('\n')) {
    if (/^\s/.test(raw) || raw.startsWith('}')) continue;
    const line = raw.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
    let depth = 0;
    let expectName = true;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if ('([{<'.includes(c)) { depth++; expectName = false; continue; }
      if (')]}>'.includes(c)) { depth = Math.max(0, depth - 1); continue; }
      if (depth > 0) continue;
      if (c === ';' || c === '/' || c === ',') { expectName = true; continue; }
      const word = /^[A-Za-z_$][\w$]*/.exec(line.slice(i));
      if (word) {
        const w = word[0];
        if (expectName && !KEYWORDS.has(w)) { names.add(w); expectName = false; }
        i += w.length - 1;
        continue;
      }
      if (!/\s/.test(c)) expectName = false;
    }
  }
  return [...names];
}

/** The shell commands of a block: comments dropped, `\` continuations joined, split at && ; |. */
export function shellCommands(code: string): string[][] {
  const joined = code.replace(/\\\n/g, ' ');
  const commands: string[][] = [];
  for (const line of joined.split('\n')) {
    const withoutComment = line.replace(/(^|\s)#.*$/, '');
    for (const part of withoutComment.split(/&&|\|\||;|\|/)) {
      const words = part.trim().replace(/^\$\s+/, '').split(/\s+/).filter(Boolean);
      if (words.length > 0) commands.push(words);
    }
  }
  return commands;
}

/** `npx -y pnpm@10 mnist train` and `pnpm mnist train` both become `pnpm mnist train`. */
export function normalizeCommand(words: string[]): string[] {
  if (words[0] === 'npx') {
    const rest = words.slice(1).filter((w) => w !== '-y' && w !== '--yes');
    if (rest[0]?.startsWith('pnpm@') || rest[0] === 'pnpm') return ['pnpm', ...rest.slice(1)];
  }
  return words;
}

/** JSONC: drop // comments outside strings. */
export function stripJsonComments(text: string): string {
  return text.split('\n').map((line) => {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '\\') { i++; continue; }
      if (c === '"') inString = !inString;
      if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
    }
    return line;
  }).join('\n');
}

export interface ShellContext {
  /** Scripts of the root package.json and of the README's own package. */
  scripts: Set<string>;
  /** `mnist [sub] --help` of the installed CLI; '' when that command does not exist. */
  help: (sub: string | null) => string;
  /** Whether a repository path (a * globs within one folder) exists. */
  pathExists: (path: string) => boolean;
}

const PNPM_BUILTINS = new Set(['install', 'i', 'add', 'exec', 'dlx', 'run', 'test', 'pack']);
const REPO_DIRS = ['pipelines/', 'apps/', 'packages/', 'examples/', 'docs/', 'scripts/', 'tools/'];

/** What is wrong with a shell block that is checked, not run: unknown commands, flags, scripts, paths. */
export function shellProblems(code: string, ctx: ShellContext): string[] {
  const problems: string[] = [];
  for (const words of shellCommands(code).map(normalizeCommand)) {
    let mnist: string[] | null = null;
    if (words[0] === 'mnist') mnist = words.slice(1);
    if (words[0] === 'pnpm') {
      if (words[1] === 'mnist') mnist = words.slice(2);
      else if (words[1] && !words[1].startsWith('-') && !PNPM_BUILTINS.has(words[1]) && !ctx.scripts.has(words[1])) {
        problems.push(`pnpm ${words[1]}: no such script in package.json`);
      }
    }
    if (mnist) {
      const sub = mnist[0] && !mnist[0].startsWith('-') ? mnist[0] : null;
      const help = ctx.help(sub);
      if (help === '') problems.push(`mnist ${sub ?? ''}: not a command (its --help failed)`);
      for (const flag of mnist.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]!)) {
        if (help && flag !== '--help' && !new RegExp(`${flag}\\b`).test(help)) problems.push(`mnist ${sub ?? ''} ${flag}: not in its --help`);
      }
    }
    for (const word of words) {
      if (!REPO_DIRS.some((d) => word.startsWith(d)) || /[<…>]/.test(word)) continue;
      if (!ctx.pathExists(word)) problems.push(`${word}: no such file in the repository`);
    }
  }
  return problems;
}

/** The subcommands a commander `--help` lists under "Commands:" (without `help` itself). */
export function helpCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

/** The commands a Markdown table documents: rows that start with `mnist <command>`. */
export function tableCommands(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `mnist ([a-z][\w-]*)/gm)].map((m) => m[1]!);
}
