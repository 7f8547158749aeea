//! Stable sorting through one compiled sort: positions are sorted with the comparison behind a
//! pointer, then the items are moved into that order. The standard sort, instantiated once per
//! element type and key, was a sixth of the WebAssembly module.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `items` by `cmp`, keeping equal items in their order (as `slice::sort_by`).
pub(crate) fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    positions(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    arrange(&mut order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` by `key`, keeping equal keys in their order (as `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in ascending order (as `slice::sort`).
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts positions of items by the items' order.
fn positions(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts the item at `order[i]` at `i`, cycle by cycle, with `swap`; leaves `order` spent.
fn arrange(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let next = order[at];
            order[at] = at;
            if next == start {
                break;
            }
            swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_stable_sort(mut items in proptest::collection::vec((0u8..8, 0u16..1000), 0..64)) {
            let mut expected = items.clone();
            expected.sort_by_key(|i| i.0);
            sort_by_key(&mut items, |i| i.0);
            prop_assert_eq!(items, expected);
        }
    }
}
