// Runs in a scratch project where `cargo xtask test` has installed the packed npm package,
// as an agency's own code would: import it by name, run a journey, meet its errors, and
// type-check a TypeScript consumer against the package's definitions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sussex, fromJson, engineVersion, Assistant } from 'sussex-safeguarding-assistant';

test('the package imports by name and runs a journey to advice in Node', async () => {
  const a = await sussex();
  assert.ok(a instanceof Assistant);
  assert.match(engineVersion(), /^\d+\.\d+\.\d+$/);
  let step = a.start('worried');
  assert.equal(step.kind, 'question');
  assert.equal(step.question.id, 'immediate-danger', 'immediate danger is asked first');
  step = a.answer('immediate-danger', { kind: 'notSure' });
  assert.equal(step.kind, 'outcome', '"not sure" about immediate danger ends at once, in the safer place');
  const advice = a.outcome(new Date('2026-11-23T10:00:00Z'));
  assert.equal(advice.urgency, 'immediate');
  assert.ok(advice.contacts.some((c) => c.now.phone === '999'), 'the advice names 999');
  assert.match(a.record(), /Safeguarding record/);
});

test('errors are Error objects with a stable code, and the assistant carries on', async () => {
  const a = await sussex();
  a.start('worried');
  const before = JSON.stringify(a.current());
  assert.throws(() => a.answer('immediate-danger', { kind: 'choice', option: 'perhaps' }), (e) => e instanceof Error && e.code === 'INVALID_OPTION');
  assert.throws(() => a.answer('immediate-danger', 'no'), (e) => e.code === 'INVALID_ARGUMENT' && e.name === 'SafeguardError');
  assert.throws(() => a.answer(undefined, undefined), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => a.outcome(), (e) => e.code === 'NOT_FINISHED');
  // Values that throw when read: a coded error, and the assistant is not left locked.
  const hostile = new Proxy({}, { get() { throw new Error('boom'); }, ownKeys() { throw new Error('boom'); } });
  assert.throws(() => a.answer('immediate-danger', hostile), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => a.outcome(Object.create(Date.prototype)), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => a.timescales(new Proxy([], { get() { throw new Error('boom'); } }), '2026-01-01'), (e) => e.code === 'INVALID_ARGUMENT');
  assert.equal(JSON.stringify(a.current()), before);
  assert.equal(a.answer('immediate-danger', { kind: 'choice', option: 'no' }).question.id, 'area');
});

test('a content pack given as JSON is validated, every problem listed', async () => {
  await assert.rejects(fromJson('{"tier": [{"id": "x"}]}'), (e) => e.code === 'INVALID_CONTENT' && e.details.problems.length > 0);
});

/** Runs tsc on a project beside this file; returns its output and whether it passed. */
function tsc(project) {
  const path = fileURLToPath(new URL(project, import.meta.url));
  try {
    return { ok: true, out: execFileSync(process.env.TSC, ['--noEmit', '-p', path], { encoding: 'utf8' }) };
  } catch (e) {
    return { ok: false, out: `${e.stdout}${e.stderr}` };
  }
}

test('the TypeScript definitions type-check a strict consumer, and catch a wrong one', () => {
  const good = tsc('tsconfig.json');
  assert.ok(good.ok, good.out);
  const wrong = tsc('tsconfig.wrong.json');
  assert.ok(!wrong.ok, 'an answer of the wrong shape must not compile');
  assert.match(wrong.out, /consumer\.wrong\.ts\(5,\d+\): error TS2353/, wrong.out);
});
