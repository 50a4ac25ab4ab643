//! Self-check: validates emitted ASL against the JSON Schema in
//! `src/schemas/asl.schema.json` before anything is written.
