// Evaluates JSONata expressions for the moto harness (run_moto.py) with the
// reference implementation, jsonata@2.0.6 from .tools/node_modules.
//
// Protocol: one JSON request per line on stdin, `{"expr": "..."}`; one JSON
// reply per line on stdout, in order: `{"value": v}`, `{"undefined": true}`
// when the expression yields nothing, or `{"error": "...", "code": "..."}`.
// moto inlines every variable into the expression text, so there is no
// input document and no bindings.
"use strict";

const path = require("path");
const readline = require("readline");

const modules = process.env.JSONATA_MODULES ||
  path.join(__dirname, "..", "..", ".tools", "node_modules");
const jsonata = require(path.join(modules, "jsonata"));

async function evaluate(expr) {
  try {
    const value = await jsonata(expr).evaluate(null);
    return value === undefined ? { undefined: true } : { value };
  } catch (error) {
    return { error: String(error.message || error), code: String(error.code || "") };
  }
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    let reply;
    try {
      reply = await evaluate(JSON.parse(line).expr);
    } catch (error) {
      reply = { error: "bad request: " + error.message, code: "" };
    }
    // JSON.stringify drops functions and turns -0 into 0, as Step Functions
    // serialises state data.
    process.stdout.write(JSON.stringify(reply) + "\n");
  }
}

main();
