//! Arrivals at a `try`'s handler when variables change between them: each
//! arrival after the first looks only at the names changed since the one
//! before, so these check that changes made and undone inside a branch
//! are among them.

use crate::SourceFile;

const ENDPOINT: &str = "endpoint api {
    url \"https://api.example.com\"
    private \"arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0\"
    auth api_key \"x-api-key\" = secret(\"api/key\")
}
";

fn codes(body: &str, handler: &str) -> Vec<String> {
    let text = format!(
        "workflow w(input: {{ c: bool }}) {{\n    try {{\n{body}    }} catch any {{\n{handler}    }}\n}}\n{ENDPOINT}"
    );
    crate::check(&SourceFile::new("t.sfl", text))
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

#[test]
fn a_variable_of_a_branch_is_not_assigned_at_a_later_arrival() {
    // The first arrival is inside the `if`, where `b` is assigned; the
    // second, after it, is where `b` no longer exists.
    let body = "if input.c {\n let b = 1\n POST api \"/1\"\n }\n POST api \"/2\"\n";
    assert_eq!(codes(body, "return b\n"), ["E0303"]);
}

#[test]
fn a_variable_assigned_before_every_arrival_stays_assigned() {
    let body = "let a = 1\n POST api \"/1\"\n if input.c {\n let _b = 1\n POST api \"/1b\"\n }\n set a = 2\n POST api \"/2\"\n";
    assert_eq!(codes(body, "return a\n"), Vec::<String>::new());
}

#[test]
fn a_variable_declared_between_arrivals_is_not_assigned_at_the_first() {
    let body = "POST api \"/1\"\n let a = 1\n POST api \"/2\"\n";
    assert_eq!(codes(body, "return a\n"), ["E0303"]);
}
