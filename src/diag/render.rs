//! Rendering diagnostics for people (miette) and machines (JSON).
