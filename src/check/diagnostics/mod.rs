//! Check, diagnostics: one constructor per message of the check stage.
//!
//! Takes the facts a pass found (names, spans, types already rendered as
//! text); returns a [`Diagnostic`](crate::diag::Diagnostic) with its code, message, labels, help and
//! note. All wording of the stage lives here, in rustc's voice: lowercase
//! messages without a final period, user text in backticks, the primary
//! label saying what is wrong at that place, help saying how to fix it and
//! notes giving the AWS fact behind a rule.
//!
//! One file per area, re-exported here so a pass calls `d::name(…)` without
//! knowing which file holds the wording.

mod credentials;
mod distributed;
mod endpoints;
mod events;
mod flow;
mod library;
mod limits;
mod logging;
mod names;
mod params;
mod resources;
mod stack;
mod subflow;
mod types;
mod warnings;

pub use credentials::*;
pub use distributed::*;
pub use endpoints::*;
pub use events::*;
pub use flow::*;
pub use library::*;
pub use limits::*;
pub use logging::*;
pub use names::*;
pub use params::*;
pub use resources::*;
pub use stack::*;
pub use subflow::*;
pub use types::*;
pub use warnings::*;
