// Evaluates JSONata expressions with the reference implementation
// (jsonata-js), for tests/jsonata_eval.rs.
//
// Usage: node jsonata_eval.js <jsonata package dir>
// stdin:  {"cases": [{"id": "...", "expr": "...", "bindings": {...}}, ...]}
// stdout: {"version": "x.y.z", "results": [{"id": "...", "ok": true, "value": ...}
//          | {"id": "...", "ok": true, "undefined": true}
//          | {"id": "...", "ok": false, "stage": "parse"|"evaluate", "error": "..."}]}
//
// All expressions run in this one process, one after the other, so the
// whole batch costs one node start-up.
'use strict';

const fs = require('fs');
const path = require('path');

const packageDir = process.argv[2];
const jsonata = require(path.resolve(packageDir));
const version = require(path.join(path.resolve(packageDir), 'package.json')).version;

function describe(err) {
  const code = err && err.code ? `${err.code}: ` : '';
  return `${code}${err && err.message ? err.message : String(err)}`;
}

// The functions Step Functions adds to JSONata (aws.md, "JSONata in Step
// Functions"), with fixed results so that runs are repeatable.
const stepFunctionsLibrary = {
  uuid: () => '3f2a1c9e-8b7d-4e6f-a5c4-1d2e3f4a5b6c',
  random: () => 0.5,
  parse: (text) => JSON.parse(text),
  hash: (text) => String(text).length.toString(16),
  partition: (items, size) => {
    const out = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  },
  range: (start, end, step) => {
    const out = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
};

async function evaluateOne(c) {
  let compiled;
  try {
    compiled = jsonata(c.expr);
  } catch (err) {
    return { id: c.id, ok: false, stage: 'parse', error: describe(err) };
  }
  try {
    const bindings = Object.assign({}, stepFunctionsLibrary, c.bindings || {});
    const value = await compiled.evaluate(c.input === undefined ? {} : c.input, bindings);
    if (value === undefined) {
      return { id: c.id, ok: true, undefined: true };
    }
    // A JSONata sequence is an array with extra properties: JSON keeps the
    // items only, which is also what Step Functions stores.
    return { id: c.id, ok: true, value: JSON.parse(JSON.stringify(value)) };
  } catch (err) {
    return { id: c.id, ok: false, stage: 'evaluate', error: describe(err) };
  }
}

async function main() {
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = [];
  for (const c of request.cases) {
    results.push(await evaluateOne(c));
  }
  process.stdout.write(JSON.stringify({ version, results }));
}

main().catch((err) => {
  process.stderr.write(`jsonata_eval.js: ${describe(err)}\n`);
  process.exit(2);
});
