//! The `aslc` binary: a thin shell over the library. See `cli.rs`.

mod cli;

fn main() -> cli::ExitStatus {
    cli::run()
}
