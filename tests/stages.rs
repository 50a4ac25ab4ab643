//! Stage parameters through the real binary: one file built for two stages
//! with `--param` gives two templates that differ only in the values;
//! `--params` files; W0041 and E0564, which only the command line reports.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a test failure"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

mod support;
use support::run_aslc;

fn scratch(name: &str) -> PathBuf {
    support::fresh_dir("stages", name)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Two stages of `promote_release`: every parameter fixed, by name.
const STAGING: &[(&str, &str)] = &[
    ("StateMachineName", "promote-release-staging"),
    ("ReleaseApiHost", "releases.staging.acme-corp.com"),
    (
        "ReleaseApiResourceConfig",
        "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0",
    ),
];
const PROD: &[(&str, &str)] = &[
    ("StateMachineName", "promote-release-prod"),
    ("ReleaseApiHost", "releases.acme-corp.com"),
    (
        "ReleaseApiResourceConfig",
        "arn:aws:vpc-lattice:eu-west-1:444455556666:resourceconfiguration/rcfg-0fedcba987654321f",
    ),
];

fn build_stage(dir: &Path, values: &[(&str, &str)]) -> (String, String) {
    let source = support::example_arg("promote_release.sfl");
    let mut args = vec![
        "build".to_owned(),
        source,
        "-o".to_owned(),
        "out".to_owned(),
    ];
    for (name, value) in values {
        args.push("--param".to_owned());
        args.push(format!("{name}={value}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run_aslc(&args, dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let read = |suffix: &str| {
        std::fs::read_to_string(dir.join("out").join(format!("promote_release.{suffix}"))).unwrap()
    };
    (read("template.json"), read("asl.json"))
}

/// Each value replaced by its parameter's name, longest first (a value
/// may contain a shorter one).
fn with_names(text: &str, values: &[(&str, &str)]) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
    sorted.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(value, &format!("<<{name}>>"))
    })
}

#[test]
fn two_stages_differ_only_in_their_values() {
    let (staging, staging_asl) = build_stage(&scratch("staging"), STAGING);
    let (prod, prod_asl) = build_stage(&scratch("prod"), PROD);
    assert_ne!(staging, prod);
    assert_eq!(with_names(&staging, STAGING), with_names(&prod, PROD));
    assert_eq!(
        with_names(&staging_asl, STAGING),
        with_names(&prod_asl, PROD)
    );
    // Every value is fixed: no template parameter and no placeholder is
    // left, and the values are in the output.
    let template: serde_json::Value = serde_json::from_str(&staging).unwrap();
    assert!(template.get("Parameters").is_none(), "{staging}");
    assert!(!staging.contains("${ReleaseApi"), "{staging}");
    assert!(staging.contains("\"StateMachineName\": \"promote-release-staging\""));
    assert!(staging.contains("https://releases.staging.acme-corp.com/prod/releases/*"));
    assert!(staging_asl.contains("https://releases.staging.acme-corp.com/staging/releases/"));
}

#[test]
fn a_parameter_left_unfixed_stays_a_template_parameter() {
    let dir = scratch("partly");
    let output = run_aslc(
        &[
            "build",
            &support::example_arg("promote_release.sfl"),
            "-o",
            "out",
            "--param",
            "ReleaseApiHost=releases.staging.acme-corp.com",
        ],
        &dir,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.join("out/promote_release.template.json")).unwrap();
    let template: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&String> = template["Parameters"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["StateMachineName", "ReleaseApiResourceConfig"]);
    assert!(!text.contains("ReleaseApiHost"), "{text}");
}

#[test]
fn params_files_in_both_shapes_fix_the_same_values() {
    let dir = scratch("files");
    let object: serde_json::Map<String, serde_json::Value> = STAGING
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::json!(v)))
        .collect();
    let list: Vec<serde_json::Value> = STAGING
        .iter()
        .map(|(k, v)| serde_json::json!({ "ParameterKey": k, "ParameterValue": v }))
        .collect();
    std::fs::write(
        dir.join("object.json"),
        serde_json::to_string(&object).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("list.json"), serde_json::to_string(&list).unwrap()).unwrap();
    let mut outputs = Vec::new();
    for (file, out) in [("object.json", "a"), ("list.json", "b")] {
        let output = run_aslc(
            &[
                "build",
                &support::example_arg("promote_release.sfl"),
                "-o",
                out,
                "--params",
                file,
            ],
            &dir,
        );
        assert!(output.status.success(), "{}", stderr(&output));
        outputs.push(
            std::fs::read_to_string(dir.join(out).join("promote_release.template.json")).unwrap(),
        );
    }
    let (expected, _) = build_stage(&scratch("files-expected"), STAGING);
    assert_eq!(outputs[0], expected);
    assert_eq!(outputs[1], expected);
}

#[test]
fn a_value_for_no_parameter_is_w0041() {
    let dir = scratch("unknown");
    let output = run_aslc(
        &[
            "build",
            &support::example_arg("promote_release.sfl"),
            "-o",
            "out",
            "--param",
            "Stgae=prod",
        ],
        &dir,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("W0041"), "{}", stderr(&output));
    assert!(stderr(&output).contains("`--param Stgae` names no stage parameter"));
}

#[test]
fn a_fixed_value_is_checked_like_written_text() {
    let dir = scratch("checked");
    let output = run_aslc(
        &[
            "build",
            &support::example_arg("promote_release.sfl"),
            "-o",
            "out",
            "--param",
            "ReleaseApiHost=releases.internal",
        ],
        &dir,
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("E0504"), "{}", stderr(&output));
}

#[test]
fn run_needs_a_value_for_a_parameter_without_default() {
    let dir = scratch("run");
    std::fs::write(
        dir.join("mocks.json"),
        r#"{ "GET releases_staging /releases/r1": [{ "status": 200, "body": { "state": "draft", "version": "1", "notes": "" } }] }"#,
    )
    .unwrap();
    std::fs::write(dir.join("input.json"), r#"{ "release_id": "r1" }"#).unwrap();
    let source = support::example_arg("promote_release.sfl");
    let base = [
        "run",
        source.as_str(),
        "--mocks",
        "mocks.json",
        "--input",
        "input.json",
        "--json",
    ];
    let output = run_aslc(&base, &dir);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("E0564"), "{}", stderr(&output));

    let mut args = base.to_vec();
    let value = format!("ReleaseApiResourceConfig={}", STAGING[2].1);
    args.extend(["--param", value.as_str()]);
    let output = run_aslc(&args, &dir);
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["status"], "FAILED", "{result}");
    assert_eq!(result["error"], "NotApproved", "{result}");
}

/// The same for a flow with every other place a parameter can go: a
/// gateway's host (with a port), a base path of two segments, an existing
/// connection's ARN, and the log group named after the state machine.
#[test]
fn every_kind_of_parameter_differs_only_in_its_value() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases/stage_parameters.sfl")
        .display()
        .to_string();
    let first: &[(&str, &str)] = &[
        ("StateMachineName", "stage-parameters-test"),
        ("OrdersHost", "orders.test.acme-corp.com"),
        ("AuditStage", "v1/test"),
        (
            "AuditConnection",
            "arn:aws:events:eu-west-1:111122223333:connection/audit-test/0a1b2c3d-4e5f",
        ),
        // The connection's secret, which the role may read, is derived
        // from its ARN (account, region and name): it follows the value.
        (
            "AuditConnectionSecret",
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:events!connection/audit-test/*",
        ),
    ];
    let second: &[(&str, &str)] = &[
        ("StateMachineName", "stage-parameters-live"),
        ("OrdersHost", "orders.acme-corp.com"),
        ("AuditStage", "v2/live"),
        (
            "AuditConnection",
            "arn:aws:events:eu-west-1:444455556666:connection/audit-live/9f8e7d6c-5b4a",
        ),
        (
            "AuditConnectionSecret",
            "arn:aws:secretsmanager:eu-west-1:444455556666:secret:events!connection/audit-live/*",
        ),
    ];
    let mut texts = Vec::new();
    for (name, values) in [("first", first), ("second", second)] {
        let dir = scratch(name);
        let mut args = vec![
            "build".to_owned(),
            source.clone(),
            "-o".to_owned(),
            "out".to_owned(),
        ];
        for (key, value) in values.iter().filter(|(k, _)| !k.ends_with("Secret")) {
            args.push("--param".to_owned());
            args.push(format!("{key}={value}"));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run_aslc(&args, &dir);
        assert!(output.status.success(), "{}", stderr(&output));
        let template =
            std::fs::read_to_string(dir.join("out/stage_parameters.template.json")).unwrap();
        let definition =
            std::fs::read_to_string(dir.join("out/stage_parameters.asl.json")).unwrap();
        assert!(!template.contains("\"Parameters\""), "{template}");
        texts.push((
            with_names(&template, values),
            with_names(&definition, values),
        ));
    }
    assert_eq!(texts[0], texts[1]);
}

/// Two endpoints whose hosts are two parameters: whether they share a
/// connection is read from the source, so a build that gives both hosts one
/// value has the same resources as one that gives them two.
const TWO_HOSTS: &str = r#"
param OrdersHost = "orders.dev.acme-corp.com"
param BillingHost = "billing.dev.acme-corp.com"

workflow two_hosts() {
    let o = GET orders "/orders"
    let b = GET billing "/invoices"
    return { o: o.status, b: b.status }
}

endpoint orders {
    url     "https://{OrdersHost}/v1"
    private param("ApiResourceConfig")
    auth    api_key "x-api-key" = secret("acme/api-key")
}

endpoint billing {
    url     "https://{BillingHost}/v2"
    private param("ApiResourceConfig")
    auth    api_key "x-api-key" = secret("acme/api-key")
}
"#;

fn build_two_hosts(name: &str, values: &[(&str, &str)]) -> String {
    let dir = scratch(name);
    std::fs::write(dir.join("two_hosts.sfl"), TWO_HOSTS).unwrap();
    let mut args = vec!["build", "two_hosts.sfl", "-o", "out"];
    let pairs: Vec<String> = values.iter().map(|(k, v)| format!("{k}={v}")).collect();
    for pair in &pairs {
        args.push("--param");
        args.push(pair);
    }
    let output = run_aslc(&args, &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    std::fs::read_to_string(dir.join("out/two_hosts.template.json")).unwrap()
}

#[test]
fn connection_sharing_does_not_depend_on_the_values() {
    let same: &[(&str, &str)] = &[
        ("OrdersHost", "api.acme-corp.com"),
        ("BillingHost", "api.acme-corp.com"),
    ];
    let apart: &[(&str, &str)] = &[
        ("OrdersHost", "orders.acme-corp.com"),
        ("BillingHost", "billing.acme-corp.com"),
    ];
    let one_host = build_two_hosts("hosts-same", same);
    let two_hosts = build_two_hosts("hosts-apart", apart);
    // The hosts are different parameters: two connections in both builds.
    for text in [&one_host, &two_hosts] {
        assert!(text.contains("\"OrdersConnection\""), "{text}");
        assert!(text.contains("\"BillingConnection\""), "{text}");
    }
    // And the templates differ only in the values.
    let masked = |text: &str, values: &[(&str, &str)]| {
        values.iter().fold(text.to_owned(), |text, (_, value)| {
            text.replace(value, "<<host>>")
        })
    };
    assert_eq!(masked(&one_host, same), masked(&two_hosts, apart));
    // Unfixed, the template has the same two connections.
    let unfixed = build_two_hosts("hosts-unfixed", &[]);
    assert!(unfixed.contains("\"BillingConnection\""), "{unfixed}");
}

/// `sync_inventory` has a `private gateway` and `param StateMachineName`:
/// the Lattice names start with the state machine's name, so two stages
/// in one account get different names, and differ only in the value.
#[test]
fn lattice_names_follow_the_state_machine_name() {
    let build = |name: &str, value: &str, vpc: &str| {
        let dir = scratch(name);
        let output = run_aslc(
            &[
                "build",
                &support::example_arg("sync_inventory.sfl"),
                "-o",
                "out",
                "--param",
                &format!("StateMachineName={value}"),
                "--param",
                &format!("InventoryVpc={vpc}"),
            ],
            &dir,
        );
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read_to_string(dir.join("out/sync_inventory.template.json")).unwrap()
    };
    let staging = build("lattice-staging", "sync-inv-staging", "vpc-0a1b2c3d");
    let prod = build("lattice-prod", "sync-inv-prod", "vpc-4e5f6a7b");
    assert!(
        staging.contains("\"Name\": \"sync-inv-staging-inventory\""),
        "{staging}"
    );
    assert!(
        prod.contains("\"Name\": \"sync-inv-prod-inventory\""),
        "{prod}"
    );
    // The gateway's VPC is a parameter too: written in where it is fixed.
    assert!(
        staging.contains("\"VpcIdentifier\": \"vpc-0a1b2c3d\""),
        "{staging}"
    );
    assert!(!staging.contains("InventoryVpc"), "{staging}");
    assert_eq!(
        staging
            .replace("sync-inv-staging", "<<name>>")
            .replace("vpc-0a1b2c3d", "<<vpc>>"),
        prod.replace("sync-inv-prod", "<<name>>")
            .replace("vpc-4e5f6a7b", "<<vpc>>")
    );
    // A value that cannot start a Lattice name is refused at build time.
    let dir = scratch("lattice-bad");
    let output = run_aslc(
        &[
            "build",
            &support::example_arg("sync_inventory.sfl"),
            "-o",
            "out",
            "--param",
            "StateMachineName=Sync_Inventory",
        ],
        &dir,
    );
    assert!(!output.status.success());
    assert!(stderr(&output).contains("E0563"), "{}", stderr(&output));
}
