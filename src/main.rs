//! The `aslc` binary: a thin shell over the library. See `cli.rs`.

mod cli;

/// A faster allocator than the system's for a compiler that builds and
/// drops many small nodes (see Cargo.toml for the measurement).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> cli::ExitStatus {
    cli::run()
}
