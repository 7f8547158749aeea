//! Nothing to link: this crate is a host program's view of guifan-core. Its tests
//! (`tests/serde_untouched.rs`) prove that depending on guifan leaves the host's serde and
//! serde_json as they are.
