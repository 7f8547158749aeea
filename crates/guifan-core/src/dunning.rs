//! How arrears may be chased (CT 第十八条, DUNNING.CHANNEL). The limit is the pack's `dunning`
//! block.

use crate::explain::Trace;
use crate::pack::Pack;
use crate::Error;

pub use crate::pack::Dunning;

/// Whether recorded voice dunning may be used for a customer's `arrears_count`-th arrears, on
/// the built-in pack; the first arrears is chased by letter or by a person only.
///
/// ```
/// assert!(!guifan_core::dunning::voice_allowed(1).unwrap());
/// assert!(guifan_core::dunning::voice_allowed(2).unwrap());
/// ```
pub fn voice_allowed(arrears_count: u32) -> Result<bool, Error> {
    Pack::builtin().dunning.voice_allowed(arrears_count)
}

impl Dunning {
    /// Whether recorded voice dunning may be used for the `arrears_count`-th arrears.
    pub fn voice_allowed(&self, arrears_count: u32) -> Result<bool, Error> {
        self.voice_allowed_traced(arrears_count, &mut Trace::off())
    }

    pub(crate) fn voice_allowed_traced(&self, arrears_count: u32, trace: &mut Trace) -> Result<bool, Error> {
        trace.cite_source(Self::RULE, &self.source);
        if arrears_count == 0 {
            return Err(Error::invalid("arrears_count", "0", "counts arrears from 1 (the first arrears)"));
        }
        let from = self.voice_from_arrears;
        trace.note(|| alloc::format!("arrears number {arrears_count}; recorded voice calls from number {from} on"));
        Ok(arrears_count >= from)
    }
}
