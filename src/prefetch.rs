//! A cache hint for random reads in hot loops: ask for an element a few steps before it is
//! needed, so that loads overlap instead of waiting on memory one after the other.

/// Starts loading `items[i]` into the cache, without waiting for it. Does nothing when `i`
/// is out of bounds or off x86-64.
#[inline(always)]
pub fn prefetch<T>(items: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = items.get(i) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint that never faults, and `item` is a live element.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (items, i);
}
