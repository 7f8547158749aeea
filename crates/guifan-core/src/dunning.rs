//! How arrears may be chased (CT 第十八条, DUNNING.CHANNEL).

use crate::Error;

/// Recorded voice calls are allowed from this arrears on ("两次以上(包括两次)").
pub const VOICE_FROM_ARREARS: u32 = 2;

/// Whether recorded voice dunning may be used for a customer's `arrears_count`-th arrears; the
/// first arrears is chased by letter or by a person only.
///
/// ```
/// assert!(!guifan_core::dunning::voice_allowed(1).unwrap());
/// assert!(guifan_core::dunning::voice_allowed(2).unwrap());
/// ```
pub fn voice_allowed(arrears_count: u32) -> Result<bool, Error> {
    if arrears_count == 0 {
        return Err(Error::invalid("arrears_count", "0", "counts arrears from 1 (the first arrears)"));
    }
    Ok(arrears_count >= VOICE_FROM_ARREARS)
}
