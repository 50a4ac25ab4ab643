//! The registry of diagnostic codes.
//!
//! Every code is listed exactly once, with its default severity and a
//! one-line summary. Codes are never reused: a retired code stays here,
//! marked retired. Ranges: E00xx syntax, E01xx names and items, E02xx types,
//! E03xx flow, E04xx ASL limits, E05xx endpoints and security, E09xx internal
//! errors, W0xxx warnings. Each code has a page `docs/errors/<code>.md` and a
//! UI test under `tests/ui/`.

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be compiled; nothing is written.
    Error,
    /// The file compiles, but something is likely wrong.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as written in messages, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The default severity.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// A one-line summary, for `aslc explain` and the docs index.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Looks a code up by its text, e.g. `"E0101"`.
            pub fn parse(text: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text))
            }
        }
    };
}

codes! {
    // ---- E00xx: syntax -------------------------------------------------
    /// `workflow w( {` — the parser met a token it did not expect.
    UnexpectedToken = "E0001", Error, "unexpected token";
    /// A file that is not valid UTF-8.
    InvalidUtf8 = "E0002", Error, "the file is not valid UTF-8";
    /// A file over 8 MiB (`syntax::MAX_FILE_BYTES`), e.g. one generated
    /// with a runaway loop.
    FileTooLarge = "E0003", Error, "the file is too large";
    /// `let x = ((((…))))` with more than 64 levels (`syntax::MAX_NESTING`)
    /// of brackets, interpolations or operators.
    NestingTooDeep = "E0004", Error, "nesting too deep";
    /// `fail "Oops` — a string not closed on its line.
    UnterminatedString = "E0005", Error, "unterminated string";
    /// `fail "a\qb"` — an escape SFL does not have.
    InvalidEscape = "E0006", Error, "invalid escape in a string";
    /// `fail "a}b"` — a `}` that does not close an interpolation.
    LoneBraceInString = "E0007", Error, "unmatched `}` in a string";
    /// `fail 'Oops'` — strings are written in double quotes.
    SingleQuotedString = "E0008", Error, "single-quoted string";
    /// `let x = 007` — not a JSON number.
    InvalidNumber = "E0009", Error, "invalid number";
    /// `wait 500ms` — ASL counts whole seconds.
    FractionalDuration = "E0010", Error, "duration not in whole seconds";
    /// `wait 5x` or `wait 30` — a unit SFL does not have, or none.
    DurationUnit = "E0011", Error, "missing or unknown duration unit";
    /// `wait 99999999999999999999s` — more seconds than fit in 64 bits.
    DurationTooLong = "E0012", Error, "duration too long";
    /// `if x = 1 { }` — `=` where `==` compares.
    SingleEquals = "E0013", Error, "`=` used as a comparison";
    /// `if a && b { }` — `&&`, `||` or `!` instead of `and`, `or`, `not`.
    ForeignLogicalOperator = "E0014", Error, "C-style logical operator";
    /// `Get billing "/x"` — not one of GET, POST, PUT, DELETE, PATCH,
    /// OPTIONS, HEAD.
    UnknownMethod = "E0015", Error, "unknown HTTP method";
    /// `let if = 1` — a keyword used as a name.
    ReservedWord = "E0016", Error, "reserved word used as a name";
    /// `type order = { id: string }` — type names start with a capital.
    TypeNameCase = "E0017", Error, "type name not in UpperCamelCase";
    /// `let orderId = 1` — value, endpoint and policy names are lower case.
    ValueNameCase = "E0018", Error, "name not in lower_snake_case";
    /// `endpoint e { uri "https://x.example.com" }` — no such clause.
    UnknownClause = "E0019", Error, "unknown clause or option";
    /// `endpoint e { url "https://a.example.com" url "https://b.example.com" }`
    RepeatedClause = "E0020", Error, "clause given more than once";
    /// `retry r { on Timeout attempts "3" }` — the value has the wrong form.
    InvalidClauseValue = "E0021", Error, "invalid clause value";
    /// `catch http.404 { }` — not a way to write an error name.
    InvalidErrorName = "E0022", Error, "invalid error name";
    /// `endpoint e { url "https://{host}" }` — the string must be fixed.
    InterpolationNotAllowed = "E0023", Error, "interpolation where a fixed string is needed";
    /// `type T = string | null` — only string literals form a union.
    NonStringUnion = "E0024", Error, "union of something other than string literals";
    /// `if a < b < c { }` — comparisons do not chain.
    ChainedComparison = "E0025", Error, "chained comparison";
    /// `/// done` on the line before a block's closing `}` — documents
    /// nothing.
    DanglingDocComment = "E0026", Error, "doc comment not followed by an item or statement";
    // E0035–E0039: `emit`.
    /// `emit default "shop" "Paid" { id: 1 } { body { a: 1 } }` — an HTTP
    /// option on an event.
    EmitHttpOption = "E0035", Error, "an `emit` option that only HTTP calls take";
    /// `emit orders "shop" "Paid" { … }` with no `bus orders = "…"` — a
    /// bus is `default`, a string, or the name of a `bus` item.
    EmitBusWord = "E0036", Error, "an event bus written as a name that no `bus` item declares";
    /// `run billing(x) { body x }` — `run` takes only `timeout`, `retry`,
    /// `catch` and `name`.
    RunOptionNotAllowed = "E0030", Error, "an option `run` does not take";

    // ---- E01xx: names and items ----------------------------------------
    /// `type T = string` — a file with no `workflow` item.
    MissingWorkflow = "E0101", Error, "the file has no workflow";
    /// `workflow a() { succeed }` followed by `workflow b() { succeed }`.
    DuplicateWorkflow = "E0102", Error, "a file has more than one workflow";
    /// `endpoint billing { … }` written twice (also types and retry policies).
    DuplicateItem = "E0103", Error, "an endpoint, type, retry policy or event bus is defined twice";
    /// `GET biling "/x"` when only `billing` is defined.
    UnknownEndpoint = "E0104", Error, "unknown endpoint";
    /// `retry transiant` when only `transient` is defined.
    UnknownRetryPolicy = "E0105", Error, "unknown retry policy";
    /// `workflow w(input: Ordr) { succeed }` when only `Order` is defined.
    UnknownType = "E0106", Error, "unknown type";
    /// `return ordr` when no variable `ordr` is declared anywhere.
    UnknownVariable = "E0107", Error, "unknown variable";
    /// `input.ordr_id` when `input: { order_id: string }`.
    UnknownField = "E0108", Error, "unknown field";
    /// `let n = length(input.items)` (the function is `len`).
    UnknownFunction = "E0109", Error, "unknown function";
    /// `catch Http.200 { … }`, `retry on Timeot …` or `fail "States.Oops"`.
    UnknownErrorName = "E0110", Error, "unknown or invalid error name";
    /// `encoding json` or `jitter half`.
    UnknownOptionValue = "E0111", Error, "unknown `encoding` or `jitter` value";
    /// `type T = { id: string, id: number }` or `{ a: 1, a: 2 }`.
    DuplicateKey = "E0112", Error, "a record field or object key is written twice";

    // ---- E02xx: types --------------------------------------------------
    /// `type A = B` together with `type B = A`.
    TypeAliasCycle = "E0201", Error, "named types that only refer to each other";
    /// `let n = 1` then `set n = "one"`.
    MismatchedTypes = "E0202", Error, "mismatched types";
    /// `if input.count == "3" { … }` with `count: number`.
    UnrelatedComparison = "E0203", Error, "comparison of values of unrelated types";
    /// `order.status == "shipped"` with `status: "open" | "closed"`.
    ImpossibleUnionComparison = "E0204", Error, "comparison with a string the union type does not contain";
    /// `let s = "a" + "b"` or `input.name * 2`.
    NonNumericArithmetic = "E0205", Error, "arithmetic on a value that is not a number";
    /// `input.priority == true` with `priority?: bool` and no `exists` check.
    UnguardedOptionalField = "E0206", Error, "optional field read without `exists` or `??`";
    /// `GET api "/orders/{input}"` with `input: { id: string }`.
    NonScalarPathInterpolation = "E0207", Error, "a list or record interpolated into a request path";
    /// `if input.count { … }` with `count: number`.
    ConditionNotBool = "E0208", Error, "a condition or logical operand is not a `bool`";
    /// `for c in input.name { … }` with `name: string`.
    ForOverNonList = "E0209", Error, "`for` over a value that is not a list";
    /// `len(a, b)` or `now(1)`.
    WrongArgumentCount = "E0210", Error, "wrong number of arguments to a library function";
    /// `exists(len(input.items))`.
    ExistsNeedsPath = "E0211", Error, "`exists` applied to something that is not a path";
    /// `input.count.value` with `count: number`.
    NoFieldsOnType = "E0212", Error, "field or index access on a value that has none";
    /// `matches(s, "[a-")`, or a pattern that is not a literal.
    InvalidPattern = "E0213", Error, "a regular expression that is not a valid literal pattern";
    /// `hash(s, "SHA-257")`.
    UnknownHashAlgorithm = "E0214", Error, "a hash algorithm Step Functions does not have";

    // ---- E03xx: flow ---------------------------------------------------
    /// `return x` before `let x = 1` in the same block.
    UseBeforeLet = "E0301", Error, "a variable is used before its `let`";
    /// `set total = 0` with no `let total` anywhere before.
    SetUndeclared = "E0302", Error, "`set` of a variable that was never declared";
    /// `if c { let x = 1 }` followed by `return x`.
    PossiblyUnassigned = "E0303", Error, "a variable that may not have been assigned on every path";
    /// `let x = 1` followed by `let x = 2`.
    Redeclared = "E0304", Error, "a `let` that redeclares a variable already in scope";
    /// `let n = 0` then `for i in input.items { set n = 1 }`.
    OuterSetInInnerScope = "E0305", Error, "`set` of an outer variable inside `parallel` or `for`";
    /// `let id = 1` then `for i in input.items { let id = i }`.
    ShadowsOuterName = "E0306", Error, "a `let` inside `parallel` or `for` reuses an outer name";
    /// `fail "Stop"` followed by `succeed` in the same block.
    UnreachableStatement = "E0307", Error, "unreachable statement";
    /// `for i in input.items { let x = i }` followed by `return x` (also a
    /// `catch … as e` binding used after its handler).
    OutOfScope = "E0308", Error, "a variable used outside the block that declares it";

    // ---- E04xx: ASL limits ---------------------------------------------
    /// `catch any, Timeout { … }`, or a `catch any` followed by another catch.
    AnyNotAloneOrLast = "E0401", Error, "`any` is not alone in its list or not in the last retry or catch";
    /// `retry on Timeout attempts -1` or `backoff 0.5`.
    RetryNumberOutOfRange = "E0402", Error, "a retry setting outside the range ASL accepts";
    /// `workflow w() timeout 10m express { … }` (Express runs at most 5 minutes).
    TimeoutOutOfRange = "E0403", Error, "a timeout outside the range ASL accepts";
    /// `for x in input.items concurrency 2.5 { … }`.
    InvalidConcurrency = "E0404", Error, "`concurrency` is not a non-negative whole number";
    /// `name "…"` with more than 80 characters, or `name ""`.
    InvalidStateName = "E0405", Error, "a state name that is empty or longer than 80 characters";
    /// Two calls with the same `name "Fetch order"`.
    DuplicateStateName = "E0406", Error, "two states with the same name";
    /// `retry quick { attempts 2 }` (no `on` clause).
    RetryWithoutErrors = "E0407", Error, "a retry policy without `on`";
    /// `let` with a name of more than 80 characters.
    VariableNameTooLong = "E0408", Error, "a variable name longer than 80 characters";
    /// `wait 1h` in a workflow with `timeout 10m`, or `wait 10m` in an
    /// `express` workflow: the path can only end in `States.Timeout`.
    OutlastsWorkflow = "E0409", Error, "a wait or timeout longer than the workflow can run";
    /// `for x in input.items concurrency 500 { … }` (an inline Map runs at
    /// most 40 iterations at once).
    ConcurrencyOverInlineLimit = "E0410", Error, "`concurrency` above the 40 iterations an inline Map runs at once";
    // E0420–E0429: distributed `for` (Distributed Map).
    /// `for x in input.items distributed concurrency 20000 { … }`.
    ConcurrencyOverDistributedLimit = "E0420", Error, "`concurrency` above the 10,000 child executions a Distributed Map runs at once";
    /// `tolerate 150%`, `tolerate 2.5 failures` or `batch 0`.
    InvalidFanOutSetting = "E0421", Error, "a `tolerate` or `batch` value AWS does not accept";
    /// `for o in input.orders distributed { GET api "/{input.region}/{o}" }`:
    /// a child execution cannot read the parent's input or variables.
    OuterReadInChildExecution = "E0422", Error, "a distributed `for` body reads a value from outside it";
    // E0480–E0499: limits found while lowering and emitting.
    /// A workflow whose emitted definition passes 1,048,576 bytes, e.g. 200
    /// calls inside `try { … } catch Http.4xx { … } catch Http.5xx { … }`
    /// (each class expands to 100 error names on every call).
    DefinitionTooLarge = "E0480", Error, "the definition is larger than ASL allows";

    // ---- E05xx: endpoints and security ---------------------------------
    /// `endpoint billing { connection "arn:…" }` with no `url`.
    MissingUrl = "E0501", Error, "an endpoint without `url`";
    /// `url "http://billing.example.com"`.
    UrlNotHttps = "E0502", Error, "an endpoint `url` that is not `https://`";
    /// `url "https://billing.example.com/v1?x=1"` or `url "https://"`.
    MalformedUrl = "E0503", Error, "an endpoint `url` that cannot be used as a base URL";
    /// `url "https://10.0.0.12"` or `url "https://billing.internal"`.
    HostNotPublic = "E0504", Error, "an endpoint host that is not a public DNS name";
    /// `connection "arn:…"` together with `auth …` or `private …`.
    ConnectionConflict = "E0505", Error, "`connection` combined with `auth` or `private`";
    /// An endpoint with `url` and `private` but neither `auth` nor `connection`.
    MissingAuth = "E0506", Error, "an endpoint without `auth` or `connection`";
    /// An endpoint with `url` and `auth` but neither `private` nor `connection`.
    MissingPrivate = "E0507", Error, "an endpoint without `private` or `connection`";
    /// `auth api_key "x-api-key" = "abc123"`.
    LiteralSecret = "E0508", Error, "a secret written as a plain string";
    /// `auth basic { username "u" }` (no `password`).
    IncompleteAuth = "E0509", Error, "an `auth` clause missing a required setting";
    /// `headers { Authorization: "Bearer x" }`.
    ForbiddenHeader = "E0510", Error, "a header the HTTP task does not allow";
    /// `GET billing "orders"` (the path must start with `/`).
    PathWithoutSlash = "E0511", Error, "a request path that does not start with `/`";
    /// `encoding form` with `headers { "Content-Type": "application/json" }`.
    FormContentTypeConflict = "E0512", Error, "a `Content-Type` header that contradicts `encoding form`";
    // E0520–E0549: resources the template creates or names (`check::resources`).
    /// `private "arn:aws:vpc-lattice:eu-west-1:1111:resourceconfiguration/rcfg-0123456789abcdef0"`
    /// — the account is not twelve digits.
    MalformedArn = "E0520", Error, "malformed ARN";
    /// `private "arn:aws:events:eu-west-1:111122223333:connection/b/0b8e"` — an
    /// EventBridge ARN where a VPC Lattice one is expected.
    ArnWrongService = "E0521", Error, "ARN of the wrong service";
    /// `private "arn:aws:vpc-lattice:eu-west-1:111122223333:resourcegateway/rgw-0123456789abcdef0"`
    /// — a resource gateway where a resource configuration is expected.
    ArnWrongResourceType = "E0522", Error, "ARN of the wrong resource type";
    /// `connection "arn:aws:events:eu-west-1:111122223333:connection/billing"` —
    /// the connection's id is missing.
    MalformedArnResourceId = "E0523", Error, "malformed resource id in an ARN";
    /// `private gateway { vpc "vpc-12" subnets ["subnet-0a1b2c3d"] }`
    MalformedEc2Id = "E0524", Error, "malformed VPC, subnet or security group id";
    /// `private gateway { subnets ["subnet-0a1b2c3d"] }`
    GatewayWithoutVpc = "E0525", Error, "private gateway without a VPC";
    /// `private gateway { vpc "vpc-0a1b2c3d" subnets [] }`
    GatewayWithoutSubnets = "E0526", Error, "private gateway without subnets";
    /// `subnets ["subnet-0a1b2c3d", "subnet-0a1b2c3d"]`
    DuplicateGatewayId = "E0527", Error, "subnet or security group listed twice";
    /// `security_groups ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"]`
    TooManySecurityGroups = "E0528", Error, "too many security groups for a resource gateway";
    /// `private gateway { vpc "vpc-0a1b2c3d" subnets ["subnet-0a1b2c3d"] port 70000 }`
    InvalidGatewayPort = "E0529", Error, "gateway port is not a TCP port";
    /// `url "https://api.example.com:8443"` with `private gateway { … port 443 }`
    GatewayPortMismatch = "E0530", Error, "gateway port differs from the url's port";
    /// `auth api_key "x-api-key" = secret("billing key")`
    InvalidSecretReference = "E0531", Error, "invalid secret name or JSON key";
    /// `auth api_key "x-api-key" = param("billing-key")`
    InvalidParameterName = "E0532", Error, "invalid template parameter name";
    /// `headers { "x source": "sfl" }` on an endpoint
    InvalidConnectionParameterName = "E0533", Error, "invalid connection header or query parameter name";
    /// `headers { "x-source": "caf\u{e9}" }` on an endpoint
    InvalidConnectionParameterValue = "E0534", Error, "connection header or query value that EventBridge rejects";
    /// `endpoint e { url "https://e.example.com" connection "arn:aws:events:…" headers { a: "b" } }`
    ParametersOnExistingConnection = "E0535", Error, "endpoint headers or query on an existing connection";
    /// `workflow` followed by a name of more than 80 characters
    StateMachineNameTooLong = "E0536", Error, "workflow name too long for a state machine";
    /// `auth oauth { token_url "http://auth.example.com/token" … }`
    InvalidTokenUrl = "E0537", Error, "OAuth token_url is not an https URL";
    /// `auth oauth { … method PATCH }`
    UnknownTokenMethod = "E0538", Error, "unknown OAuth token request method";
    /// An endpoint with `private`, `auth oauth { token_url "https://<the url's host>/token" … }`
    /// and `headers { … }`.
    PrivateTokenEndpointWithParameters = "E0540", Error, "endpoint headers or query with a private token endpoint";
    // E0550–E0559: what one CloudFormation stack can hold.
    /// `GET api "/x" { name "Fetch ${{id}}" }` or `catch "Bad${{x}}"` — a
    /// `${` that `DefinitionSubstitutions` would replace.
    PlaceholderInName = "E0550", Error, "`${` in a state or error name";
    /// `private "arn:aws:vpc-lattice:us-east-1:…"` in one endpoint and
    /// `connection "arn:aws:events:eu-west-1:…"` in another.
    MixedRegions = "E0551", Error, "ARNs from different regions or partitions in one file";
    // E0560–E0579: stage parameters.
    /// `url "https://{ApiHots}"` with no `param ApiHots`.
    UnknownParameter = "E0560", Error, "unknown stage parameter";
    /// Two `param Stage` items.
    DuplicateParameter = "E0561", Error, "stage parameter declared twice";
    /// `param Host` used in a url's host and as a `private` ARN, or as a secret.
    ParameterUsedTwice = "E0562", Error, "stage parameter used for two kinds of value";
    /// `param Stage = "a b"` used in a base path; a parameter in a url's scheme
    /// or in part of an ARN.
    ParameterValueUnfit = "E0563", Error, "stage parameter value that cannot fit where it is used";
    /// `aslc run` of a file with `private param("Arn")` and no value for it.
    ParameterWithoutValue = "E0564", Error, "stage parameter without a value to run with";
    /// `param StateMachineRole = "…"`: the template's role has that logical id.
    ParameterNamesResource = "E0565", Error, "stage parameter named like a resource of the template";
    // E0620–E0639: EventBridge events and task tokens.
    /// `emit "orders bus" …` or an ARN that is not an event bus.
    InvalidEventBus = "E0620", Error, "an event bus name or ARN EventBridge rejects";
    /// `emit default "aws.shop" …` — the `aws.` sources are AWS's own.
    InvalidEventText = "E0621", Error, "an event source or detail-type EventBridge rejects";
    /// `emit default "shop" "Paid" input.ids` where `ids` is a list.
    EventDetailNotRecord = "E0622", Error, "an event detail that is not a record";
    /// `emit … { taskToken: t } wait …` — the token field is aslc's.
    DetailHasTaskToken = "E0623", Error, "a waiting `emit` whose detail already has `taskToken`";
    /// `let r = emit default "shop" "Paid" { … }` — nothing comes back.
    EmitBindingWithoutWait = "E0624", Error, "`let x = emit` without `wait`";
    /// `let answer = emit … wait timeout 1d` — the answer has no type.
    UntypedAnswer = "E0625", Error, "`let x = emit … wait` without the answer's type";
    /// `wait timeout 1h heartbeat 2h` — the heartbeat can never fire first.
    HeartbeatNotBelowTimeout = "E0626", Error, "a `heartbeat` not shorter than the `wait` timeout";
    /// `workflow w() express { … emit … wait … }`
    WaitInExpress = "E0627", Error, "`emit … wait` in an Express workflow";
    /// `emit default "shop" "Big" { blob: "…300 000 characters…" }`
    EventEntryTooLarge = "E0628", Error, "an event entry larger than EventBridge's 256 KB";

    // ---- E06xx: sub-workflows (`use`, `run`) ---------------------------
    /// `run biling(x)` when only `use "./billing.sfl"` is there.
    UnknownCallee = "E0600", Error, "unknown workflow in `run`";
    /// `run billing({ id: 1 })` when `billing` takes `{ id: string }`.
    RunInputMismatch = "E0601", Error, "a `run` input that does not fit the callee's input type";
    /// `use "./a.sfl"` in b.sfl and `use "./b.sfl"` in a.sfl.
    UseCycle = "E0602", Error, "files that `use` each other";
    /// `use "./missing.sfl"`, or a used file with errors or no workflow.
    UseUnavailable = "E0603", Error, "a `use`d file that cannot be read or compiled";
    /// `run` in an `express` workflow (`.sync` runs only in Standard ones).
    RunInExpress = "E0604", Error, "`run` in an Express workflow";
    /// `run "arn:…:stateMachine:x"(input)` without `-> Type`.
    RunArnWithoutType = "E0605", Error, "`run` of an ARN without a result type";
    /// `run "arn:aws:lambda:…"(x) -> T` — not a state machine ARN.
    RunArnInvalid = "E0606", Error, "`run` of something that is not a state machine ARN";
    /// `let r = run billing(x) -> Other` when billing returns another type.
    RunResultMismatch = "E0607", Error, "a `run` result type that the callee's output does not fit";
    /// Two `use` items whose workflows have the same name, or one with
    /// the caller's own name.
    DuplicateUse = "E0608", Error, "two used workflows with the same name";
    /// A used file with `param StateMachineName`: the caller would start
    /// a state machine named after the workflow, which that stack does not
    /// create.
    UsedMachineNamedByParam = "E0609", Error, "a used workflow whose state machine is named by a stage parameter";

    // ---- E0640–E0649: found in the second QA round ----------------------
    /// `param Stage = "dev"` … `GET api "/{Stage}/orders"`: a stage
    /// parameter is filled in when the stack deploys, only in endpoint
    /// urls and ARNs; a workflow reads run-time values.
    ParamInWorkflow = "E0640", Error, "a stage parameter read inside a workflow";
    /// `param Env = "dev"` … `secret("{Env}/api-key")`.
    ParamInSecretName = "E0641", Error, "a stage parameter in a secret name";
    /// `run "arn:…:stateMachine:fraud-{Env}"(x) -> T`, `emit "{Env}-bus" …`.
    ParamInFixedText = "E0642", Error, "a stage parameter in a `run` state machine ARN or an `emit` bus";

    // ---- E09xx: internal errors ----------------------------------------
    /// The emitted ASL failed the compiler's own schema check: a compiler bug.
    InvalidOutput = "E0901", Error, "internal error: the emitted output failed validation";
    /// A checked workflow that lowering cannot turn into states: a compiler
    /// bug, since `check` should have rejected it (e.g. a call to an endpoint
    /// that is not declared, if `check` let it through).
    LoweringFailed = "E0902", Error, "internal error: the workflow could not be lowered";

    // ---- W0xxx: warnings -----------------------------------------------
    /// An `endpoint` that no call uses.
    UnusedEndpoint = "W0001", Warning, "unused endpoint";
    /// A `retry` policy that no call uses.
    UnusedRetryPolicy = "W0002", Warning, "unused retry policy";
    /// A `type` that the workflow never refers to.
    UnusedType = "W0003", Warning, "unused type";
    /// `let x = 1` and `x` is never read.
    UnusedVariable = "W0004", Warning, "unused variable";
    /// `GET billing "/x" { body { a: 1 } }`.
    BodyIgnored = "W0005", Warning, "a request body on a GET, DELETE, HEAD or OPTIONS call";
    /// `GET billing "/x" { timeout 5m }` (the HTTP request stops after 60 seconds).
    HttpTimeoutOverLimit = "W0006", Warning, "an HTTP call `timeout` above the 60-second request limit";
    /// `if r.status == 404` after a call with no `catch Http.404`.
    DeadStatusComparison = "W0007", Warning, "a comparison with a status code that never reaches it";
    /// `headers { "X-Api-Token": "abc123" }` on a call or an endpoint.
    LiteralCredential = "W0008", Warning, "a credential-like header or query value written as plain text";
    /// `for o in input.orders { … }` whose body spends more than 25 history
    /// events per item: 1,000 items would fill the 25,000-event history.
    InlineForMayFillHistory = "W0020", Warning, "an inline `for` over a list of unknown length may fill the execution history";
    /// `emit … wait -> Answer` with no `timeout`: the state waits up to a
    /// year (or the workflow's timeout) for an answer that may never come.
    WaitWithoutTimeout = "W0035", Warning, "an `emit … wait` without a `timeout`";
    /// `workflow w() timeout 1h { emit … wait timeout 1d { catch Timeout { … } } }`
    /// — the execution ends first, so the wait's own timeout never fires.
    WaitOutlastsWorkflow = "W0036", Warning, "an `emit … wait` timeout longer than the workflow's";
    /// `bus approvals = "approvals"` that no `emit approvals …` publishes to.
    UnusedBus = "W0037", Warning, "a `bus` no `emit` publishes to";
    /// `use "./billing.sfl"` and no `run billing(…)`.
    UnusedUse = "W0030", Warning, "a `use`d workflow that is never run";
    // W0100–W0119: the deployment template.
    /// A workflow calling thousands of distinct paths: the role's policy
    /// lists each (method, path) group and outgrows IAM's 10,240 characters.
    PolicyTooLarge = "W0100", Warning, "execution role policy likely over IAM's size limit";
    /// `workflow w() express { … }` with no `log` clause: Express
    /// executions keep no history, so nothing records what they did.
    ExpressWithoutLog = "W0101", Warning, "an Express workflow without `log`";
    // W0040–W0044: stage parameters.
    /// `param Stage = "staging"` that no url, ARN or name uses.
    UnusedParameter = "W0040", Warning, "unused stage parameter";
    /// `aslc build --param Stgae=prod`: the file has no such parameter.
    UnknownParameterValue = "W0041", Warning, "a `--param` value for a parameter the file does not have";
    // W0045–W0049: found in the second QA round.
    /// `try { for o in xs distributed { fail "Declined" } } catch "Declined" { … }`
    /// — a Distributed Map fails with `States.ExceedToleratedFailureThreshold`,
    /// never with an item's own error.
    CatchMissesDistributedFor = "W0045", Warning, "a `catch` around a distributed `for` that names only errors it cannot fail with";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} listed twice");
            assert_eq!(text.len(), 5, "{text}");
            let expected_letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(
                text.starts_with(expected_letter),
                "{text} has the wrong letter"
            );
            assert!(text.chars().skip(1).all(|c| c.is_ascii_digit()), "{text}");
        }
    }
}
