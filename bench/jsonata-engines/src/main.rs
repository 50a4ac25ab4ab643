//! Runs every case of `cases.json` through jsonata-core and jsonata-rs and
//! prints, per engine and kind of case, how many agree with jsonata-js
//! 2.0.6 and how long parsing plus evaluation took.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What an engine made of one case.
#[derive(Debug, PartialEq)]
enum Outcome {
    Value(Value),
    Undefined,
    Error,
    Panic,
}

fn core_eval(expr: &str, data: &Value, bindings: &Value) -> Outcome {
    use jsonata_core::evaluator::{Context, Evaluator};
    use jsonata_core::value::JValue;
    let Ok(ast) = jsonata_core::parser::parse(expr) else {
        return Outcome::Error;
    };
    let mut context = Context::new();
    if let Value::Object(map) = bindings {
        for (name, value) in map {
            context.bind(name.clone(), JValue::from(value.clone()));
        }
    }
    let mut evaluator = Evaluator::with_context(context);
    match evaluator.evaluate(&ast, &JValue::from(data.clone())) {
        Ok(v) if v.is_undefined() => Outcome::Undefined,
        Ok(v) => Outcome::Value(Value::from(&v)),
        Err(_) => Outcome::Error,
    }
}

fn rs_eval(expr: &str, data: &Value, bindings: &Value) -> Outcome {
    let arena = bumpalo::Bump::new();
    let Ok(jsonata) = jsonata_rs::JsonAta::new(expr, &arena) else {
        return Outcome::Error;
    };
    let input = data.to_string();
    let mut map: HashMap<&str, &Value> = HashMap::new();
    if let Value::Object(b) = bindings {
        for (name, value) in b {
            map.insert(name.as_str(), value);
        }
    }
    match jsonata.evaluate(Some(&input), Some(&map)) {
        Ok(v) if v.is_undefined() => Outcome::Undefined,
        Ok(v) => match serde_json::from_str(&v.serialize(false)) {
            Ok(json) => Outcome::Value(json),
            Err(_) => Outcome::Error,
        },
        Err(_) => Outcome::Error,
    }
}

/// JSON equality with numbers compared as floats (jsonata-js has only
/// doubles, so `2` and `2.0` are the same value).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn agrees(outcome: &Outcome, expected: &Value) -> bool {
    match outcome {
        Outcome::Value(v) => expected.get("value").is_some_and(|e| same(v, e)),
        Outcome::Undefined => expected.get("undefined").is_some(),
        Outcome::Error => expected.get("error").is_some(),
        Outcome::Panic => false,
    }
}

type Engine = fn(&str, &Value, &Value) -> Outcome;

#[derive(Default)]
struct Tally {
    cases: usize,
    agree: usize,
    panics: usize,
    time: Duration,
}

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "cases.json".into());
    let verbose = std::env::var_os("VERBOSE").is_some();
    let text = std::fs::read_to_string(&path).expect("cases file");
    let cases: Vec<Value> = serde_json::from_str(&text).expect("cases JSON");
    std::panic::set_hook(Box::new(|_| {}));
    let engines: [(&str, Engine); 2] = [("jsonata-core 2.2.13", core_eval), ("jsonata-rs 0.3.4", rs_eval)];
    println!("| engine | cases | golden: agree | suite: agree | panics | time (all cases) |");
    println!("|---|---|---|---|---|---|");
    for (name, engine) in engines {
        let mut by_kind: HashMap<String, Tally> = HashMap::new();
        for case in &cases {
            let kind = case["kind"].as_str().unwrap_or("?").to_owned();
            let expr = case["expr"].as_str().unwrap_or("");
            let start = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| engine(expr, &case["data"], &case["bindings"])))
                .unwrap_or(Outcome::Panic);
            let tally = by_kind.entry(kind).or_default();
            tally.time += start.elapsed();
            tally.cases += 1;
            if outcome == Outcome::Panic {
                tally.panics += 1;
            }
            if agrees(&outcome, &case["expected"]) {
                tally.agree += 1;
            } else if verbose {
                eprintln!("{name}: {} `{expr}`: got {outcome:?}, want {}", case["id"], case["expected"]);
            }
        }
        let g = by_kind.remove("golden").unwrap_or_default();
        let s = by_kind.remove("suite").unwrap_or_default();
        println!(
            "| {name} | {} | {}/{} | {}/{} | {} | {:.1} ms |",
            g.cases + s.cases,
            g.agree,
            g.cases,
            s.agree,
            s.cases,
            g.panics + s.panics,
            (g.time + s.time).as_secs_f64() * 1000.0
        );
    }
}
