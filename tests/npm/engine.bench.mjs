// Engine timings in WebAssembly, run by `cargo xtask bench`: the npm package's module in
// Node's V8 (the JavaScript engine Chromium uses), called through the typed API, so each
// figure includes crossing the boundary and turning results into JavaScript objects.
// Prints one JSON object of medians in microseconds.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const pkg = await import(pathToFileURL(process.env.PACKAGE_ENTRY).href);
await pkg.load();
const json = readFileSync(process.env.PACK_JSON, 'utf8');

/** Median of `runs` timed calls of `fn`, after a few untimed ones, in microseconds. */
function median(fn, runs) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push((performance.now() - start) * 1000);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)] * 10) / 10;
}

// A finished journey to assess: worries about injuries and care at home in West Sussex,
// with the first sign on each page ticked "not sure".
const a = pkg.Assistant.sussex();
a.start('worried');
a.answer('immediate-danger', { kind: 'choice', option: 'no' });
a.answer('area', { kind: 'choice', option: 'west-sussex' });
a.answer('age', { kind: 'choice', option: 'age-1-12' });
a.answer('topics', { kind: 'multi', options: ['physical-abuse', 'neglect'] });
for (let step = a.current(); step.kind === 'question'; step = a.current()) {
  const q = step.question;
  if (q.kind === 'indicators') a.answer(q.id, { kind: 'indicators', notSure: q.indicators.slice(0, 1).map((i) => i.id) });
  else if (q.kind === 'multi') a.answer(q.id, { kind: 'multi', options: [] });
  else a.answer(q.id, { kind: 'choice', option: q.options.at(-1).id });
}
const at = new Date('2026-11-23T10:00:00Z');

const figures = {
  compiled_load_us: median(() => pkg.Assistant.sussex().free(), 50),
  json_load_validate_us: median(() => pkg.Assistant.fromJson(json).free(), 20),
  outcome_us: median(() => a.outcome(at), 200),
  search_us: median(() => a.searchProcedures('strategy discussion'), 200),
};
process.stdout.write(JSON.stringify(figures));
