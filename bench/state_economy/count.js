// Runs compiled definitions on scripted executions and counts the states
// entered, for docs/state-economy.md (bench/state_economy/run.sh).
//
// This is a small interpreter of the ASL that aslc emits (JSONata query
// language; Task = HTTP task with mocked responses, Pass, Choice, Wait
// without waiting, Succeed, Fail, Parallel, inline Map, Retry, Catch),
// with the reference JSONata. It is a measuring tool, not a Step Functions
// emulator: it reports what each execution did (output or error, and the
// HTTP calls made, in order) so that two definitions of the same workflow
// can be checked to behave alike while their state counts are compared.
//
// Usage: node count.js <jsonata package dir> <scenarios.json> <definition dir> [<definition dir>…]
// Prints one JSON line per (scenario, definition dir):
//   {"scenario", "dir", "states", "entered", "output"|"error", "calls"}
'use strict';

const fs = require('fs');
const path = require('path');

const jsonata = require(path.resolve(process.argv[2]));
const scenarios = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const dirs = process.argv.slice(4);

const library = {
  uuid: () => '00000000-0000-4000-8000-000000000000',
  parse: (text) => JSON.parse(text),
  now: () => '2026-01-01T00:00:00.000Z',
};

class StateError extends Error {
  constructor(error, cause) {
    super(`${error}: ${cause}`);
    this.error = error;
    this.cause = cause;
  }
}

async function evalValue(value, ctx) {
  if (typeof value === 'string') {
    const m = /^\{%(.*)%\}$/s.exec(value);
    if (!m) return value;
    let result;
    try {
      const bindings = Object.assign({}, library, ctx.vars, { states: ctx.states });
      result = await jsonata(m[1]).evaluate({}, bindings);
    } catch (e) {
      throw new StateError('States.QueryEvaluationError', e.message);
    }
    if (result === undefined) {
      throw new StateError('States.QueryEvaluationError', `undefined: ${m[1]}`);
    }
    return JSON.parse(JSON.stringify(result));
  }
  if (Array.isArray(value)) {
    const out = [];
    for (const item of value) out.push(await evalValue(item, ctx));
    return out;
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evalValue(v, ctx);
    return out;
  }
  return value;
}

function matches(names, error) {
  return names.some(
    (n) => n === error || n === 'States.ALL' || (n === 'States.TaskFailed' && error !== 'States.Timeout'),
  );
}

// The mocked HTTP service: the first rule whose method and URL match
// answers; a rule with a list of `responses` answers with them in turn
// (the last one repeats).
function respond(run, method, url) {
  for (const rule of run.scenario.http) {
    if (rule.method !== method || !new RegExp(`^${rule.url}$`).test(url)) continue;
    const key = `${method} ${rule.url}`;
    const used = run.used[key] || 0;
    run.used[key] = used + 1;
    const list = rule.responses || [rule];
    return list[Math.min(used, list.length - 1)];
  }
  return { status: 404, body: { message: 'no mock' } };
}

async function task(state, ctx, run) {
  const args = await evalValue(state.Arguments, ctx);
  const url =
    args.ApiEndpoint +
    (args.QueryParameters ? '?' + new URLSearchParams(args.QueryParameters).toString() : '');
  const retriers = (state.Retry || []).map((r) => ({ r, left: r.MaxAttempts ?? 3 }));
  for (;;) {
    run.calls.push(`${args.Method} ${url}`);
    const answer = respond(run, args.Method, url);
    if (answer.status >= 200 && answer.status < 300) {
      return {
        StatusCode: answer.status,
        StatusText: 'OK',
        Headers: {},
        ...(answer.body === undefined ? {} : { ResponseBody: answer.body }),
      };
    }
    const error = `States.Http.StatusCode.${answer.status}`;
    const retrier = retriers.find((x) => matches(x.r.ErrorEquals, error));
    if (retrier && retrier.left > 0) {
      retrier.left -= 1;
      continue;
    }
    throw new StateError(error, JSON.stringify(answer.body ?? null));
  }
}

// Runs one machine; returns its output or throws a StateError.
async function machine(def, input, vars, run) {
  let name = def.StartAt;
  let current = input;
  for (;;) {
    const state = def.States[name];
    run.entered += 1;
    if (run.entered > 10000) throw new Error('runaway execution');
    const ctx = { vars, states: { input: current, context: run.context } };
    let next = state.Next;
    let ends = state.Type === 'Succeed' || state.End === true;
    let result;
    let output;
    try {
      switch (state.Type) {
        case 'Task':
          result = await task(state, ctx, run);
          break;
        case 'Parallel': {
          result = [];
          for (const branch of state.Branches) result.push(await machine(branch, current, { ...vars }, run));
          break;
        }
        case 'Map': {
          const items = await evalValue(state.Items, ctx);
          result = [];
          for (const item of items) result.push(await machine(state.ItemProcessor, item, { ...vars }, run));
          break;
        }
        case 'Choice': {
          next = state.Default;
          for (const rule of state.Choices) {
            if (await evalValue(rule.Condition, ctx)) {
              next = rule.Next;
              break;
            }
          }
          if (next === undefined) throw new StateError('States.NoChoiceMatched', name);
          break;
        }
        case 'Fail': {
          const error = await evalValue(state.Error, ctx);
          const cause = state.Cause === undefined ? undefined : await evalValue(state.Cause, ctx);
          throw new StateError(error, cause);
        }
        case 'Pass':
        case 'Wait':
        case 'Succeed':
          break;
        default:
          throw new Error(`unknown state type ${state.Type}`);
      }
      const after = { vars, states: { ...ctx.states, result } };
      output = state.Output === undefined ? (result === undefined ? current : result) : await evalValue(state.Output, after);
      if (state.Assign) {
        const assigned = await evalValue(state.Assign, after);
        Object.assign(vars, assigned);
      }
    } catch (e) {
      if (!(e instanceof StateError)) throw e;
      const catcher = (state.Catch || []).find((c) => matches(c.ErrorEquals, e.error));
      if (!catcher) throw e;
      const errorOutput = { Error: e.error, ...(e.cause === undefined ? {} : { Cause: e.cause }) };
      const caught = { vars, states: { ...ctx.states, errorOutput } };
      output = catcher.Output === undefined ? errorOutput : await evalValue(catcher.Output, caught);
      if (catcher.Assign) Object.assign(vars, await evalValue(catcher.Assign, caught));
      next = catcher.Next;
      ends = false;
    }
    if (ends) return output;
    current = output;
    name = next;
  }
}

function countStates(def) {
  let n = 0;
  for (const state of Object.values(def.States)) {
    n += 1;
    for (const branch of state.Branches || []) n += countStates(branch);
    if (state.ItemProcessor) n += countStates(state.ItemProcessor);
  }
  return n;
}

async function main() {
  for (const scenario of scenarios) {
    for (const dir of dirs) {
      const def = JSON.parse(fs.readFileSync(path.join(dir, `${scenario.workflow}.asl.json`), 'utf8'));
      const run = {
        scenario,
        used: {},
        calls: [],
        entered: 0,
        context: { Execution: { Input: scenario.input, Name: 'run' } },
      };
      const line = { scenario: scenario.name, workflow: scenario.workflow, dir, states: countStates(def) };
      try {
        line.output = await machine(def, scenario.input, {}, run);
      } catch (e) {
        if (!(e instanceof StateError)) throw e;
        line.error = { Error: e.error, Cause: e.cause };
      }
      line.entered = run.entered;
      line.calls = run.calls;
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  }
}

main().catch((e) => {
  process.stderr.write(`count.js: ${e.stack || e}\n`);
  process.exit(2);
});
