//! The standard library, evaluated: each function and comprehension is
//! compiled from SFL and its JSONata run by the reference implementation on
//! inputs whose lists have 0, 1 and 2 elements, and the result compared with
//! what the language reference says the SFL means. A list result must stay a
//! list at every length (JSONata turns a one-element sequence into its
//! element, and an empty one into nothing).

use serde_json::{Map, Value, json};

use super::{evaluate, states_of};
use aslc::{Options, SourceFile};

const LIBRARY: &str = r#"
workflow library(input: In) {
    return {
        ids:        [x.id for x in input.items],
        ok_ids:     [x.id for x in input.items if x.ok],
        tag_lists:  [x.tags for x in input.items],
        doubled:    [n * 2 for n in input.numbers],
        nested:     [[m + n for m in input.numbers] for n in input.numbers],
        guarded:    [x.note for x in input.items if exists(x.note)],
        joined:     input.numbers + [9],
        appended:   append(input.numbers, 7),
        appended_l: append(input.groups, [1]),
        total:      sum(input.numbers),
        count:      count(input.items),
        biggest:    max(input.numbers) ?? -1,
        smallest:   min(input.numbers),
        mean:       avg(input.numbers),
        unique:     distinct(input.numbers + input.numbers),
        sorted:     sort(reverse(input.numbers)),
        flat:       flatten(input.groups),
        zipped:     zip(input.numbers, input.numbers),
        keys:       keys(input.meta),
        values:     values(input.meta),
        csv:        join([x.id for x in input.items], ","),
        parts:      split(input.csv, ","),
        extras:     [x.extra for x in input.items],
        shadowed:   [count + input.k for count in input.numbers],
        as_input:   [input.id for input in input.items],
        any_added:  append(input.numbers, input.items[0].extra ?? 0) ,
    }
}

type Item = { id: string, ok: bool, tags: [string], note?: string, extra: any }
type In = {
    items: [Item], numbers: [number], groups: [[number]],
    meta: {string: string}, csv: string, k: number,
}
"#;

const SCALARS: &str = r##"
workflow scalars(input: In) {
    return {
        sum:        sum([1, 2, 3]),
        sum_empty:  sum([]),
        head:       substring("invoice-42", 0, 7),
        tail:       substring("invoice-42", 8),
        dashed:     replace("a b c", " ", "-"),
        trimmed:    trim("  a   b  "),
        padded:     pad("7", 3, "0"),
        left_pad:   pad("7", -3, "0"),
        code_ok:    matches("AB-12", "^[A-Z]{{2}}-[0-9]+$"),
        code_bad:   matches("ab-12", "^[A-Z]{{2}}-[0-9]+$"),
        slash:      matches("a/b", "a/b"),
        newline:    matches("a\nb", "^a\nb$"),
        escaped:    matches("a.b", "^a\\.b$") and not matches("axb", "^a\\.b$"),
        percent:    matches("100%}}", "0%\\}}$"),
        rounded:    round(2.567, 2),
        half:       round(2.5),
        down:       floor(-1.5),
        up:         ceil(1.2),
        size:       abs(-3),
        money:      format_number(1234.5, "#,##0.00"),
        merged:     merge({ a: 1, b: 2 }, { b: 3 }),
        has_a:      has({ a: null }, "a"),
        has_b:      has({ a: 1 }, "b"),
        later:      add_seconds("2026-01-01T00:00:00Z", 90),
        gap:        seconds_between("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z"),
        day:        format_time("2026-03-04T05:06:07Z", "[Y0001]-[M01]-[D01]"),
        parsed:     parse_time("2026-03-04", "[Y0001]-[M01]-[D01]"),
        b64:        base64_encode("hello"),
        plain:      base64_decode("aGVsbG8="),
        json_s:     json("a\"b"),
        json_r:     json({ a: [1, 2] }),
        json_n:     json(input.n),
        back:       parse(json({ a: 1 })),
    }
}

type In = { n: number }
"##;

/// The returned object's fields of a compiled workflow, as JSONata text.
fn returned_fields(name: &str, source: &str) -> Map<String, Value> {
    let file = SourceFile::new(name, source);
    let compiled = aslc::compile(&file, &Options::default());
    let artifacts = compiled
        .artifacts
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    let definition: Value = serde_json::from_str(&artifacts.asl).unwrap();
    definition["States"]
        .as_object()
        .unwrap()
        .values()
        .find_map(|state| state.get("Output").filter(|o| o.is_object()))
        .expect("the returned object")
        .as_object()
        .unwrap()
        .clone()
}

/// Evaluates every returned field on `input` and lists those whose value is
/// not `expected`'s (a field missing from `expected` must be undefined… it
/// never is: every field is listed).
fn mismatches(
    fields: &Map<String, Value>,
    label: &str,
    input: Value,
    expected: &Value,
) -> Vec<String> {
    let bindings = json!({ "states": states_of(input) });
    let cases: Vec<Value> = fields
        .iter()
        .map(|(key, value)| {
            let expr = value.as_str().unwrap();
            let expr = expr
                .strip_prefix("{%")
                .unwrap()
                .strip_suffix("%}")
                .unwrap()
                .trim();
            json!({ "id": format!("{label}/{key}"), "expr": expr, "bindings": bindings })
        })
        .collect();
    let results = evaluate(&cases);
    let mut wrong = Vec::new();
    for (key, _) in fields {
        let got = &results[&format!("{label}/{key}")];
        let want = expected
            .get(key)
            .unwrap_or_else(|| panic!("{label}: no expected value for `{key}`"));
        if got["ok"] != json!(true) || &got["value"] != want {
            wrong.push(format!(
                "{label}/{key}: {}\n    want {want}\n    got  {got}",
                fields[key]
            ));
        }
    }
    wrong
}

#[test]
fn list_functions_and_comprehensions_keep_lists_at_every_length() {
    let fields = returned_fields("library.sfl", LIBRARY);
    let none = json!({ "items": [], "numbers": [], "groups": [], "meta": {}, "csv": "", "k": 1 });
    let one = json!({
        "items": [{ "id": "a", "ok": true, "tags": ["t1", "t2"], "note": "n", "extra": [1, 2] }],
        "numbers": [5],
        "groups": [[1, 2]],
        "meta": { "k": "v" },
        "csv": "x",
        "k": 1,
    });
    let two = json!({
        "items": [
            { "id": "a", "ok": false, "tags": ["t1"], "extra": "s" },
            { "id": "b", "ok": true, "tags": [], "note": "n", "extra": [3] },
        ],
        "numbers": [3, 1],
        "groups": [[1], [2, 3]],
        "meta": { "k": "v", "l": "w" },
        "csv": "x,y",
        "k": 1,
    });
    let want_none = json!({
        "ids": [], "ok_ids": [], "tag_lists": [], "doubled": [], "nested": [],
        "guarded": [], "joined": [9], "appended": [7], "appended_l": [[1]],
        "total": 0, "count": 0, "biggest": -1, "smallest": null, "mean": null,
        "unique": [], "sorted": [], "flat": [], "zipped": [], "keys": [],
        "values": [], "csv": "", "parts": [""], "extras": [], "shadowed": [],
        "as_input": [], "any_added": [0],
    });
    let want_one = json!({
        "ids": ["a"], "ok_ids": ["a"], "tag_lists": [["t1", "t2"]], "doubled": [10],
        "nested": [[10]], "guarded": ["n"], "joined": [5, 9], "appended": [5, 7],
        "appended_l": [[1, 2], [1]], "total": 5, "count": 1, "biggest": 5,
        "smallest": 5, "mean": 5, "unique": [5], "sorted": [5], "flat": [1, 2],
        "zipped": [[5, 5]], "keys": ["k"], "values": ["v"], "csv": "a", "parts": ["x"],
        "extras": [[1, 2]], "shadowed": [6], "as_input": ["a"], "any_added": [5, [1, 2]],
    });
    let want_two = json!({
        "ids": ["a", "b"], "ok_ids": ["b"], "tag_lists": [["t1"], []], "doubled": [6, 2],
        "nested": [[6, 4], [4, 2]], "guarded": ["n"], "joined": [3, 1, 9],
        "appended": [3, 1, 7], "appended_l": [[1], [2, 3], [1]], "total": 4, "count": 2,
        "biggest": 3, "smallest": 1, "mean": 2, "unique": [3, 1], "sorted": [1, 3],
        "flat": [1, 2, 3], "zipped": [[3, 3], [1, 1]], "keys": ["k", "l"],
        "values": ["v", "w"], "csv": "a,b", "parts": ["x", "y"],
        "extras": ["s", [3]], "shadowed": [4, 2], "as_input": ["a", "b"],
        "any_added": [3, 1, "s"],
    });
    let mut wrong = mismatches(&fields, "0", none, &want_none);
    wrong.extend(mismatches(&fields, "1", one, &want_one));
    wrong.extend(mismatches(&fields, "2", two, &want_two));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn string_number_record_time_and_encoding_functions() {
    let fields = returned_fields("scalars.sfl", SCALARS);
    let expected = json!({
        "sum": 6,
        "sum_empty": 0,
        "head": "invoice",
        "tail": "42",
        "dashed": "a-b-c",
        "trimmed": "a b",
        "padded": "700",
        "left_pad": "007",
        "code_ok": true,
        "code_bad": false,
        "slash": true,
        "newline": true,
        "escaped": true,
        "percent": true,
        "rounded": 2.57,
        "half": 2,
        "down": -2,
        "up": 2,
        "size": 3,
        "money": "1,234.50",
        "merged": { "a": 1, "b": 3 },
        "has_a": true,
        "has_b": false,
        "later": "2026-01-01T00:01:30.000Z",
        "gap": 3600,
        "day": "2026-03-04",
        "parsed": "2026-03-04T00:00:00.000Z",
        "b64": "aGVsbG8=",
        "plain": "hello",
        "json_s": "\"a\\\"b\"",
        "json_r": "{\"a\":[1,2]}",
        "json_n": "4.5",
        "back": { "a": 1 },
    });
    let wrong = mismatches(&fields, "scalars", json!({ "n": 4.5 }), &expected);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const COMPUTED_WAIT: &str = r#"
workflow pause(input: { seconds: number }) {
    wait input.seconds
}
"#;

/// `wait EXPR` gives ASL a whole number of seconds from 0 to 99999999:
/// a fraction is rounded up, a negative value waits 0 seconds, a larger
/// one waits the most ASL allows.
#[test]
fn a_computed_wait_is_a_whole_number_of_seconds_in_range() {
    let file = SourceFile::new("pause.sfl", COMPUTED_WAIT);
    let compiled = aslc::compile(&file, &Options::default());
    let artifacts = compiled
        .artifacts
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    let definition: Value = serde_json::from_str(&artifacts.asl).unwrap();
    let wait = &definition["States"][definition["StartAt"].as_str().unwrap()];
    assert_eq!(wait["Type"], "Wait", "{definition:#}");
    let seconds = wait["Seconds"].as_str().unwrap();
    let expr = seconds
        .strip_prefix("{%")
        .unwrap()
        .strip_suffix("%}")
        .unwrap()
        .trim();
    let inputs = [
        ("whole", json!(30), json!(30)),
        ("fraction", json!(2.1), json!(3)),
        ("zero", json!(0), json!(0)),
        ("negative", json!(-4.5), json!(0)),
        ("huge", json!(1e12), json!(99_999_999)),
    ];
    let cases: Vec<Value> = inputs
        .iter()
        .map(|(id, s, _)| {
            json!({ "id": id, "expr": expr, "bindings": { "states": states_of(json!({ "seconds": s })) } })
        })
        .collect();
    let results = evaluate(&cases);
    let wrong: Vec<String> = inputs
        .iter()
        .filter(|(id, _, want)| results[*id]["value"] != *want)
        .map(|(id, s, want)| format!("{id} ({s}): want {want}, got {}", results[*id]))
        .collect();
    assert!(wrong.is_empty(), "{expr}\n{}", wrong.join("\n"));
}
