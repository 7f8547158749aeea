//! wasm binding (to be written).
