// Builds the cases for the JSONata engine comparison (docs/jsonata-engine.md)
// and evaluates each with the reference jsonata-js, so the Rust engines are
// judged against the version Step Functions documents (2.0.6).
//
// Usage: node cases.js <jsonata package dir> <test-suite dir> <repo root>
// stdout: [{"id", "kind": "golden"|"suite", "expr", "data", "bindings",
//           "expected": {"value": …} | {"undefined": true} | {"error": "…"}}]
'use strict';

const fs = require('fs');
const path = require('path');

const [packageDir, suiteDir, repoRoot] = process.argv.slice(2);
const jsonata = require(path.resolve(packageDir));

// Every `{% … %}` string in an emitted definition.
function expressionsOf(value, out) {
  if (typeof value === 'string') {
    const m = value.match(/^\{%(.*)%\}$/s);
    if (m) out.push(m[1].trim());
  } else if (Array.isArray(value)) {
    value.forEach((v) => expressionsOf(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((v) => expressionsOf(v, out));
  }
}

// One binding set for every golden expression: a call result, an error
// output and an execution input with a few fields the examples read.
const goldenBindings = {
  states: {
    input: { items: [1, 2, 3] },
    result: { StatusCode: 200, StatusText: 'OK', Headers: { a: ['b'] }, ResponseBody: { id: 'x1', state: 'done', items: [{ id: 'a' }] } },
    errorOutput: { Error: 'States.Http.StatusCode.404', Cause: 'not found' },
    context: { Execution: { Input: { id: 'o-1', payment_id: 'p-1', amount: 5, currency: 'EUR', items: [{ id: 'a', qty: 2 }], customer: 'c-1' }, Id: 'arn:x' }, State: { EnteredTime: '2026-01-01T00:00:00Z' } },
  },
};

function cases() {
  const out = [];
  for (const dir of ['examples', 'tests/cases']) {
    for (const name of fs.readdirSync(path.join(repoRoot, dir)).sort()) {
      if (!name.endsWith('.asl.json')) continue;
      const exprs = [];
      expressionsOf(JSON.parse(fs.readFileSync(path.join(repoRoot, dir, name), 'utf8')), exprs);
      exprs.forEach((expr, i) => out.push({ id: `${dir}/${name}#${i}`, kind: 'golden', expr, data: null, bindings: goldenBindings }));
    }
  }
  const datasets = {};
  for (const name of fs.readdirSync(path.join(suiteDir, 'datasets'))) {
    datasets[name.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(path.join(suiteDir, 'datasets', name), 'utf8'));
  }
  for (const group of fs.readdirSync(path.join(suiteDir, 'groups')).sort()) {
    for (const file of fs.readdirSync(path.join(suiteDir, 'groups', group)).sort()) {
      let c;
      try { c = JSON.parse(fs.readFileSync(path.join(suiteDir, "groups", group, file), "utf8")); } catch (e) { continue; }
      for (const [i, one] of (Array.isArray(c) ? c : [c]).entries()) {
        // Time limits, depth limits, $eval and expressions kept in files are
        // outside what a definition can hold; the rest is in the sample.
        if (one.timelimit || one.depth || !one.expr || one.expr.includes('$eval')) continue;
        const data = one.dataset ? datasets[one.dataset] : one.data;
        out.push({ id: `${group}/${file}#${i}`, kind: 'suite', expr: one.expr, data: data === undefined ? null : data, bindings: one.bindings || {} });
      }
    }
  }
  return out;
}

// Cases that never finish in jsonata-js 2.0.6 (fixed in later versions).
const HANGS = (id) => id.startsWith('function-formatNumber/issue785.json');

async function main() {
  const all = cases().filter((c) => !HANGS(c.id));
  for (const c of all) {
    if (process.env.TRACE) process.stderr.write(c.id + "\n");
    try {
      const v = await jsonata(c.expr).evaluate(c.data, c.bindings);
      c.expected = v === undefined ? { undefined: true } : { value: JSON.parse(JSON.stringify(v)) };
    } catch (err) {
      c.expected = { error: err.code || String(err.message) };
    }
  }
  // Lone UTF-16 surrogates (a few string-function cases) have no UTF-8
  // form, so a Rust engine cannot be handed them: those cases are left out.
  const portable = all.filter((c) => !/\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(c)));
  process.stdout.write(JSON.stringify(portable));
}
main();
