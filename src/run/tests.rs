//! Unit tests of the runner, one group per state type.
