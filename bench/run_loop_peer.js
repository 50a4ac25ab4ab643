// The peer of bench/run_loop.sh: the same emitted definition walked by a
// minimal loop in node, with the reference JSONata (jsonata-js 2.0.6)
// evaluating every expression. It knows only what the benchmark flow uses
// (Pass, Choice, an HTTP Task answered by one fixed response, Succeed) and
// does no retries, timing or recording: a floor for the JSONata work of a
// run, not a second runner.
//
// Usage: node run_loop_peer.js <jsonata package dir> <definition.asl.json> <input.json>
'use strict';

const fs = require('fs');
const path = require('path');

const [packageDir, definitionFile, inputFile] = process.argv.slice(2);
const jsonata = require(path.resolve(packageDir));
const definition = JSON.parse(fs.readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
const result = { StatusCode: 200, StatusText: 'OK', Headers: {}, ResponseBody: { size: 3 } };
const compiled = new Map();

async function field(value, bindings) {
  if (typeof value === 'string') {
    const m = value.match(/^\{%(.*)%\}$/s);
    if (!m) return value;
    let expr = compiled.get(m[1]);
    if (!expr) { expr = jsonata(m[1]); compiled.set(m[1], expr); }
    return expr.evaluate(null, bindings);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => field(v, bindings)));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = await field(v, bindings);
    return out;
  }
  return value;
}

async function main() {
  const vars = {};
  let name = definition.StartAt;
  let stateInput = input;
  let states = 0;
  for (;;) {
    const state = definition.States[name];
    states += 1;
    const $states = { input: stateInput, context: { Execution: { Input: input }, State: { Name: name } } };
    if (state.Type === 'Task') $states.result = result;
    const bindings = Object.assign({}, vars, { states: $states });
    if (state.Type === 'Choice') {
      let next = state.Default;
      for (const rule of state.Choices) {
        if (await field(rule.Condition, bindings)) { next = rule.Next; break; }
      }
      name = next;
      continue;
    }
    if (state.Type === 'Task') await field(state.Arguments, bindings);
    const assigned = await field(state.Assign || {}, bindings);
    const output = state.Output ? await field(state.Output, bindings) : stateInput;
    Object.assign(vars, assigned);
    stateInput = output;
    if (state.Type === 'Succeed' || state.End) break;
    name = state.Next;
  }
  process.stdout.write(JSON.stringify({ states, output: stateInput }) + '\n');
}
main();
