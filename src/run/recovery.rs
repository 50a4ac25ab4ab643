//! Retry and Catch: which entry matches an error, how long a retry waits,
//! and the seeded random numbers behind `JitterStrategy: FULL`.

use serde_json::Value;

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same draws on every machine. Not for anything secret.
#[derive(Debug, Clone)]
pub(super) struct Rng {
    state: u64,
}

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A version-4 UUID made of the next draws.
    pub(super) fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// Whether an `ErrorEquals` list matches `error`. `States.ALL` matches
/// everything but `States.Runtime`; `States.TaskFailed` everything but
/// `States.Timeout` (and `States.Runtime`); other names match exactly.
pub(super) fn matches(error_equals: &Value, error: &str) -> bool {
    let Some(names) = error_equals.as_array() else {
        return false;
    };
    names
        .iter()
        .filter_map(Value::as_str)
        .any(|name| match name {
            "States.ALL" => error != "States.Runtime",
            "States.TaskFailed" => error != "States.Timeout" && error != "States.Runtime",
            exact => exact == error,
        })
}

/// One `Retry` entry with the ASL defaults filled in.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Retrier {
    pub(super) interval: f64,
    pub(super) max_attempts: u64,
    pub(super) backoff: f64,
    pub(super) max_delay: Option<f64>,
    pub(super) full_jitter: bool,
}

impl Retrier {
    pub(super) fn from_json(entry: &Value) -> Retrier {
        let number = |key: &str| entry.get(key).and_then(Value::as_f64);
        Retrier {
            interval: number("IntervalSeconds").unwrap_or(1.0),
            max_attempts: entry
                .get("MaxAttempts")
                .and_then(Value::as_u64)
                .unwrap_or(3),
            backoff: number("BackoffRate").unwrap_or(2.0),
            max_delay: number("MaxDelaySeconds"),
            full_jitter: entry.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
        }
    }

    /// The wait before retry number `retry` (1-based): the interval times
    /// the backoff rate to the power `retry - 1`, capped by
    /// `MaxDelaySeconds`, then drawn uniformly below that under FULL jitter.
    pub(super) fn delay(&self, retry: u32, rng: &mut Rng) -> f64 {
        let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let mut delay = self.interval * self.backoff.powi(exponent);
        if let Some(max) = self.max_delay {
            delay = delay.min(max);
        }
        if self.full_jitter {
            delay *= rng.unit();
        }
        // Step Functions schedules retries in whole milliseconds.
        (delay * 1000.0).round() / 1000.0
    }
}
